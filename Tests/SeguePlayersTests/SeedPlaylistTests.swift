import Foundation
import GRDB
import SegueCore
import SegueTestSupport
import Testing

/// Playlists seeded by a player's playlist (`seed_playlist: {player:, name:}`), through
/// `segue-export` against the Subsonic and Jellyfin fixtures: the playlist's entries, mapped
/// to library tracks, seed the night's playlist; a name the player does not have, or a player
/// that cannot be reached, costs that playlist alone, in one line naming it.
struct SeedPlaylistTests {
    @Test func aPlayersPlaylistSeedsTheNight() throws {
        let night = try PushNight(prefix: "segue-seed-playlist")
        let tracks = try DatabaseQueue(path: night.database).read { db in
            try Row.fetchAll(db, sql: "SELECT id, path, title, artist, album, duration_ms FROM tracks ORDER BY id")
        }
        // The user's "Road trip": the library's first and last tracks, of two artists.
        let seeds = [tracks.first!, tracks.last!]
        let seedPaths = seeds.map { String(($0["path"] as String).dropFirst(night.music.count + 1)) }
        let navidrome = try SubsonicFixture(songs: try SubsonicFixture.songs(fromDatabase: night.database, musicDir: night.music))
        navidrome.addUserPlaylist(name: "Road trip", songIDs: seeds.map { "song-\($0["id"] as Int64)" })
        let items = tracks.map { row in
            JellyfinFixture.Item(id: String(format: "%032x", 1000 + (row["id"] as Int64)), name: row["title"], album: row["album"],
                                 artist: row["artist"], path: row["path"], seconds: Int((row["duration_ms"] as Int64) / 1000))
        }
        let jellyfin = try JellyfinFixture(items: items, apiKey: "k3y", user: "ada")
        jellyfin.addUserPlaylist(name: "Road trip", itemIDs: [items.last!.id])

        func export(navidromeURL: String = navidrome.baseURL, name: String = "Road trip") throws -> ProcessResult {
            try """
                library:
                  music_dirs: ["\(night.music)"]
                  database: "\(night.database)"
                playlists:
                  output_dir: "\(night.playlists)"
                  library_mixes: {count: 0}
                  from_history: {artists: 0}
                  max_playlists_per_track: 0
                  defaults: {min_track_seconds: 0, max_per_artist: 12, artist_window: 1, album_spacing: 1, genre_floor: 0, tracks: 4}
                  definitions:
                    - {name: Evening, seed_artists: ['\(night.artists[0])']}
                    - {name: From Navidrome, seed_playlist: {player: navidrome, name: '\(name)'}}
                    - {name: From Jellyfin, seed_playlist: {player: jellyfin, name: Road trip}}
                players:
                  http: {retry_base_seconds: 0, max_consecutive_failures: 2, timeout_seconds: 10, connect_timeout_seconds: 2}
                  subsonic:
                    - {name: navidrome, base_url: '\(navidromeURL)', user: \(navidrome.user), password: \(navidrome.password)}
                  jellyfin:
                    - {name: jellyfin, base_url: '\(jellyfin.baseURL)', api_key: k3y, user: ada}
                """.write(toFile: night.config, atomically: true, encoding: .utf8)
            return try night.export(["--date", "2026-11-29"])
        }

        let seeded = try export()
        #expect(seeded.status == 0, "\(seeded.stderr)")
        #expect(Set(try night.entries(of: "From Navidrome")).isSuperset(of: seedPaths), "\(seeded.stderr)")
        #expect(try night.entries(of: "From Jellyfin").contains(seedPaths[1]), "\(seeded.stderr)")
        #expect(try night.entries(of: "From Navidrome").count == 4)

        // A name the player does not have: that playlist is not built, in one line, and keeps last
        // night's files and its copy on the players; the night goes on.
        let lastNight = try night.entries(of: "From Navidrome")
        let missing = try export(name: "Nowhere")
        #expect(missing.status == 0, "\(missing.stderr)")
        let line = "playlist 'From Navidrome' skipped: seed_playlist 'Nowhere' on navidrome: the player has no playlist of that name"
        #expect(missing.stderr.split(separator: "\n").filter { $0.contains("Nowhere") } == ["segue-export: warning: \(line)"],
                "\(missing.stderr)")
        #expect(try night.entries(of: "Evening").count == 4)
        #expect(try night.entries(of: "From Jellyfin").contains(seedPaths[1]))
        #expect(try night.entries(of: "From Navidrome") == lastNight)
        #expect(navidrome.playlists.map(\.name).sorted() == ["Evening", "From Jellyfin", "From Navidrome", "Road trip"])

        // The player down: the same, and the night is to be run again (exit 75).
        let down = try export(navidromeURL: "http://127.0.0.1:\(try LoopbackPort.free())")
        #expect(down.status == 75, "\(down.stderr)")
        #expect(down.stderr.contains("warning: playlist 'From Navidrome' skipped: seed_playlist 'Road trip' on navidrome cannot be read: "),
                "\(down.stderr)")
        #expect((down.stdout + down.stderr).contains("; seed playlists not read from navidrome, rerun later"), "\(down.stdout)\(down.stderr)")
        #expect(try night.entries(of: "Evening").count == 4)
        #expect(try night.entries(of: "From Navidrome") == lastNight)
        #expect(jellyfin.playlists.map(\.name).sorted() == ["Evening", "From Jellyfin", "From Navidrome", "Road trip"])
    }
}
