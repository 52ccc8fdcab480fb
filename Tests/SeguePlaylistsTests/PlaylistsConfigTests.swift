import Testing
import SegueCore

/// `playlists.*` in config.yaml: defaults, per-playlist overrides, exclusions by month, and
/// errors that name the key.
struct PlaylistsConfigTests {
    func parse(_ yaml: String) throws -> PlaylistsConfig {
        try SegueConfig.parse(yaml: yaml, filePath: "config.yaml", environment: ["HOME": "/home/me"]).playlists
    }

    @Test func onlyMusicDirsGivesTheLibraryMixes() throws {
        let config = try parse("library:\n  music_dirs: [/music]\n")
        #expect(config.outputDir == "playlists")
        #expect(config.libraryMixes == 8)
        #expect(config.definitions.isEmpty)
        #expect(config.formats == [.m3u8, .xspf])
        #expect(config.pathStyle == .relative)
        #expect(config.defaults == .standard)
    }

    @Test func definitionsOverrideTheDefaults() throws {
        let config = try parse("""
            playlists:
              output_dir: ~/lists
              formats: m3u8
              rotation_nights: 5
              defaults:
                tracks: 40
                max_per_artist: 2
                bpm: {min: 90, max: 130}
                exclude:
                  - {genre: christmas, except_months: [12]}
              definitions:
                - name: Morning
                  seed_artists: [Nick Drake, The Beatles]
                  tracks: 20
                  min_minutes: 75
                  keys: [A minor]
                  exclude:
                    - {artist: Nickelback}
                    - {track: ~/Music/bad.mp3, months: [1, 2]}
                - name: Genre
                  seed_genres: jazz
            """)
        #expect(config.outputDir == "/home/me/lists")
        #expect(config.formats == [.m3u8])
        #expect(config.rotationNights == 5)
        #expect(config.defaults.tracks == 40)
        #expect(config.defaults.bpmRange == 90...130)
        let morning = config.definitions[0]
        #expect(morning.name == "Morning")
        #expect(morning.seedArtists == ["Nick Drake", "The Beatles"])
        #expect(morning.rules.tracks == 20)
        #expect(morning.rules.minMinutes == 75)
        #expect(morning.rules.maxPerArtist == 2)
        #expect(morning.rules.bpmRange == 90...130)
        #expect(morning.rules.keys == ["A minor"])
        #expect(morning.rules.exclusions == [
            .init(field: .genre, value: "christmas", months: Set(1...11)),
            .init(field: .artist, value: "Nickelback"),
            .init(field: .track, value: "/home/me/Music/bad.mp3", months: [1, 2]),
        ])
        #expect(config.definitions[1].seedGenres == ["jazz"])
        #expect(config.definitions[1].rules.tracks == 40)
    }

    @Test func aSeedPlaylistOnAPlayer() throws {
        let config = try SegueConfig.parse(yaml: """
            players:
              mpd: [{name: Living room}]
            playlists:
              definitions:
                - {name: Road Trip Mix, seed_playlist: {player: Living room, name: Road trip}}
                - {name: Favourites, seed_playlist: /music/favourites.m3u8}
            """, filePath: nil, environment: [:])
        let definitions = config.playlists.definitions
        #expect(definitions[0].seedServerPlaylist == .init(player: "Living room", name: "Road trip"))
        #expect(definitions[0].seedPlaylist == nil)
        #expect(definitions[1].seedPlaylist == "/music/favourites.m3u8")
        #expect(definitions[1].seedServerPlaylist == nil)
    }

    @Test(arguments: [
        ("playlists:\n  definitions:\n    - {name: A, seed_artists: [X], trakcs: 3}\n", "unknown key 'playlists.definitions[].trakcs'"),
        ("playlists:\n  definitions:\n    - {seed_artists: [X]}\n", "'playlists.definitions[].name' is required"),
        ("playlists:\n  definitions:\n    - {name: A}\n", "needs seed_artists, seed_tracks, seed_genres or seed_playlist"),
        ("playlists:\n  definitions:\n    - {name: A, seed_genres: [x]}\n    - {name: A, seed_genres: [y]}\n", "'A' is defined twice"),
        ("playlists:\n  defaults: {exclude: [{artist: X, genre: Y}]}\n", "exactly one of artist, album, track, genre"),
        ("playlists:\n  defaults: {exclude: [{artist: X, months: [13]}]}\n", "months 1 to 12"),
        ("playlists:\n  path_prefix: {from: /a, to: /b}\n  paths: relative\n", "must be 'absolute' when path_prefix is set"),
        ("playlists:\n  formats: [pls]\n", "must list m3u8, xspf or m3u"),
        ("playlists:\n  defaults: {bpm: {min: 150, max: 100}}\n", "min above max"),
        ("playlists:\n  definitions:\n    - {name: A, seed_playlist: {player: Nas, name: Road}}\n",
         "key 'playlists.definitions[].seed_playlist.player' names 'Nas', which is not a configured player (playlist 'A')"),
        ("players:\n  mpd: [{name: Nas}]\nplaylists:\n  definitions:\n    - {name: A, seed_playlist: {player: Nas}}\n",
         "key 'playlists.definitions[].seed_playlist.name' is required when seed_playlist names a player's playlist (playlist 'A')"),
    ])
    func errorsNameTheKey(yaml: String, message: String) {
        #expect {
            _ = try parse(yaml)
        } throws: { error in
            (error as? ConfigError)?.message.contains(message) == true
        }
    }
}
