import Foundation
import Logging
import SegueCore
import SeguePlayers
@testable import SeguePlaylists
import SegueTestSupport
import Testing

/// A real MPD receives tonight's playlists over its protocol as stored playlists, every entry
/// resolving, replaced on the next night, removed when no longer defined, and one of them put
/// in the queue.
struct MPDPushTests {
    @Test func mpdStoresEveryPlaylistAndResolvesEveryEntry() throws {
        let folder = try TemporaryDirectory(prefix: "segue-mpd-push")
        let music = folder.file("music")
        let manifest = try LibraryGenerator(output: music, trackCount: 10, seconds: 2, seed: 9).generate()
        var library = TestLibrary()
        var generator = SplitMix64(seed: 2)
        for (number, generated) in manifest.tracks.enumerated() {
            library.add(TrackInfo(id: Int64(number + 1), path: (music as NSString).appendingPathComponent(generated.path),
                                  title: generated.pathTitle, artist: generated.pathArtist, album: generated.pathAlbum,
                                  durationSeconds: generated.seconds),
                        position: Double(number) / 10, opening: generator.unit(), closing: generator.unit())
        }
        let stored = folder.file("mpd-playlists")
        try FileManager.default.createDirectory(atPath: stored, withIntermediateDirectories: true)
        let server = try MPDServer(music: music, playlists: stored, folder: folder.path)
        defer { server.stop() }
        let database = try LibraryDatabase.make(at: folder.file("segue.db"), tracks: library.tracks)
        func night(_ names: [String], date: Date) throws -> [PushOutcome] {
            let definitions = names.enumerated().map { index, name in
                "    - {name: '\(name)', seed_tracks: [\"\(library.tracks[index * 3].path)\"], tracks: 6}"
            }
            let config = try LibraryDatabase.config("""
                  library_mixes: {count: 0}
                  defaults: {min_track_seconds: 0, max_per_artist: 12, artist_window: 1, album_spacing: 1}
                  definitions:
                \(definitions.joined(separator: "\n"))
                players:
                  mpd:
                    - {name: Living room, host: 127.0.0.1, port: \(server.port), queue: '\(names[0])'}
                """, output: folder.file("playlists"), music: music)
            let summary = try PlaylistExporter(config: config, database: database, index: library.index, now: date,
                                               calendar: TestLibrary.calendar).run(ExportRequest())
            let playlists = summary.results.map {
                PlayerPlaylist(name: $0.name, comment: PlaylistPurpose.comment($0), trackIDs: $0.entries.map(\.track.id))
            }
            return try PlayerPush(config: config, database: database, logger: Logger(label: "test"), now: date)
                .run(playlists, removeUndefined: true, dryRun: false)
        }
        func entries(_ name: String) throws -> [String] {
            try server.mpc(["playlist", name]).stdout.split(separator: "\n").map(String.init)
        }
        let expected = { (name: String) -> [String] in
            // What the night's M3U8 holds, relative to the music folder, is what MPD must resolve.
            let text = (try? String(contentsOfFile: folder.file("playlists/\(name).m3u8"), encoding: .utf8)) ?? ""
            return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
                String(((folder.file("playlists") as NSString).appendingPathComponent(String(line)) as NSString).standardizingPath.dropFirst(music.count + 1))
            }
        }

        let first = try night(["Dusk", "Dawn"], date: TestLibrary.night)
        #expect(first.map(\.line) == ["Living room: pushed 2 playlists (2 new, 0 replaced, 0 unchanged), \(first[0].requests) requests"])
        // `mpc playlist` prints each entry as MPD resolved it in its database: artist - title.
        let resolved = try server.mpc(["-f", "%file%", "playlist", "Dusk"]).stdout.split(separator: "\n").map(String.init)
        #expect(resolved.count == 6)
        #expect(resolved == expected("Dusk"))
        #expect(try entries("Dawn").count == 6)
        #expect(try server.mpc(["-f", "%file%", "playlist"]).stdout.split(separator: "\n").map(String.init) == expected("Dusk"))

        let second = try night(["Dusk"], date: TestLibrary.night.addingTimeInterval(86_400))
        #expect(second[0].deleted == 1)
        #expect(second[0].unknownTracks == 0)
        let listed = try server.mpc(["lsplaylists"]).stdout.split(separator: "\n").map(String.init)
        #expect(listed == ["Dusk"])
        #expect(try server.mpc(["-f", "%file%", "playlist", "Dusk"]).stdout.split(separator: "\n").map(String.init) == expected("Dusk"))
    }
}
