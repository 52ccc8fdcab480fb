import Foundation
import Testing
import SegueCore
@testable import SeguePlaylists
import SegueTestSupport

/// Several output profiles in one run: each set in its own folder with its own formats and
/// paths, replaced each night, and removed with the playlist.
struct ProfileFilesTests {
    @Test func everyProfileGetsItsOwnSet() throws {
        let folder = try TemporaryDirectory(prefix: "segue-profiles")
        var library = TestLibrary()
        for number in 1...12 {
            library.add(TrackInfo(id: Int64(number), path: "/srv/music/A\(number % 3)/Album/\(number).flac", title: "T\(number)",
                                  artist: "A\(number % 3)", album: "Album", durationSeconds: 200),
                        position: Double(number) / 12, opening: 0.5, closing: 0.5)
        }
        let database = try LibraryDatabase.make(at: folder.file("segue.db"), tracks: library.tracks)
        func config(_ names: [String]) throws -> SegueConfig {
            try LibraryDatabase.config("""
                  profiles:
                    - {output_dir: "\(folder.file("mpd"))", formats: [m3u], paths: library}
                    - {output_dir: "\(folder.file("phone"))", path_prefix: {from: /srv/music, to: /sdcard/Music}}
                  library_mixes: {count: 0}
                  defaults: {min_track_seconds: 0, max_per_artist: 12, artist_window: 1, album_spacing: 1}
                  definitions:
                \(names.map { "    - {name: \($0), seed_tracks: [\"/srv/music/A1/Album/1.flac\"], tracks: 5}" }.joined(separator: "\n"))
                """, output: folder.file("main"), music: "/srv/music")
        }
        let summary = try PlaylistExporter(config: config(["Dusk", "Dawn"]), database: database, index: library.index,
                                           now: TestLibrary.night, calendar: TestLibrary.calendar).run(ExportRequest())
        #expect(summary.written == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.file("main")).sorted()
                == ["Dawn.m3u8", "Dawn.xspf", "Dusk.m3u8", "Dusk.xspf"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.file("mpd")).sorted() == ["Dawn.m3u", "Dusk.m3u"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.file("phone")).sorted() == ["Dawn.m3u8", "Dusk.m3u8"])
        let mpd = try String(contentsOfFile: folder.file("mpd/Dusk.m3u"), encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(mpd.count == 5 && mpd.allSatisfy { $0.hasPrefix("A") && $0.hasSuffix(".flac") })
        let phone = try String(contentsOfFile: folder.file("phone/Dusk.m3u8"), encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(phone.count == 5 && phone.allSatisfy { $0.hasPrefix("/sdcard/Music/A") })

        // A user's file in a profile folder is never replaced; a dropped playlist goes from every set.
        try "mine".write(toFile: folder.file("phone/Mine.m3u8"), atomically: true, encoding: .utf8)
        let next = try PlaylistExporter(config: config(["Dusk"]), database: database, index: library.index,
                                        now: TestLibrary.night.addingTimeInterval(86_400), calendar: TestLibrary.calendar).run(ExportRequest())
        #expect(next.removed.count == 4)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.file("mpd")) == ["Dusk.m3u"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.file("phone")).sorted() == ["Dusk.m3u8", "Mine.m3u8"])
        #expect(try String(contentsOfFile: folder.file("phone/Mine.m3u8"), encoding: .utf8) == "mine")
    }
}
