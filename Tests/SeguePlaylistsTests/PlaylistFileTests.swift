import Foundation
import Testing
import GRDB
import SegueCore
@testable import SeguePlaylists
import SegueTestSupport

/// Files: safe names, safe tags, valid XSPF, paths for each device, atomic replacement, and
/// removal of exactly the playlists Segue wrote and no longer defines.
struct PlaylistFileTests {
    static let hostileTitle = "Evil\n#EXTINF:1,Injected - Entry\n/etc/passwd\r\u{0}\u{1B}[31m <b>&amp;</b> \"quoted\" 'single'"

    @Test(arguments: [
        ("../../etc/passwd", "_.._etc_passwd"),
        ("a/b\\c:d*e?f\"g<h>i|j", "a_b_c_d_e_f_g_h_i_j"),
        ("CON", "_CON"),
        ("lpt1.txt", "_lpt1.txt"),
        ("..", "Playlist"),
        ("", "Playlist"),
        ("  .hidden. ", "hidden"),
        ("Line\nbreak\r\ttab", "Line break _tab"),
        ("Café – Nuit ☾", "Café – Nuit ☾"),
    ])
    func sanitizedNames(name: String, expected: String) {
        #expect(PlaylistFileName.sanitize(name) == expected)
    }

    @Test func sanitizedNamesNeverLeaveTheFolder() {
        let names = ["../x", "..", "/abs", "a/../../b", String(repeating: "é", count: 300)]
        for name in PlaylistFileName.unique(names) {
            #expect(!name.contains("/"))
            #expect(!name.hasPrefix("."))
            #expect(name.utf8.count <= 150)
        }
        #expect(PlaylistFileName.unique(["A/B", "A:B", "a_b"]) == ["A_B", "A_B (2)", "a_b (3)"])
    }

    @Test func tagTextCannotBreakAnEntry() {
        #expect(TagText.line(Self.hostileTitle) == "Evil #EXTINF:1,Injected - Entry /etc/passwd [31m <b>&amp;</b> \"quoted\" 'single'")
        #expect(TagText.xml("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&#39;")
    }

    func hostileResult() -> PlaylistResult {
        let tracks = (1...4).map { number in
            TrackInfo(id: Int64(number), path: "/music/Ärtist & Co/Al #\(number)/\(number) 100% <odd> name?.flac",
                      title: Self.hostileTitle + " \(number)", artist: "Band\r\n\"&<>\"", album: "Album\n\(number)", durationSeconds: 201.6)
        }
        let spec = PlaylistSpec(name: "Hostile\n../Name", kind: .defined, seeds: [1], rules: .standard)
        return PlaylistResult(spec: spec, seed: 1, entries: tracks.map { PlaylistEntry(track: $0, reason: .seed, transition: nil) },
                              relaxations: [], spacingConflicts: 0, rejected: [:], rulesPassed: [])
    }

    @Test func m3u8HasOneEntryPerTrack() {
        let paths = EntryPaths(style: .absolute, outputDir: "/out", musicDirs: ["/music"])
        let text = M3U8Writer.render(hostileResult(), entries: paths.entries(of: hostileResult()))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2 + 2 * 4 + 1)
        #expect(lines[0] == "#EXTM3U")
        #expect(lines[2].hasPrefix("#EXTINF:202,Band \"&<>\" - Evil #EXTINF:1,Injected"))
        #expect(lines[3] == "/music/Ärtist & Co/Al #1/1 100% <odd> name?.flac")
        #expect(!text.contains("\r"))
    }

    @Test func xspfValidatesAgainstTheSchema() throws {
        let folder = try TemporaryDirectory()
        for style in PlaylistsConfig.PathStyle.allCases {
            let paths = EntryPaths(style: style, outputDir: folder.file("out"), musicDirs: ["/music"])
            let file = folder.file("\(style).xspf")
            try XSPFWriter.render(hostileResult(), entries: paths.entries(of: hostileResult()), paths: paths, date: TestLibrary.night).write(toFile: file, atomically: true, encoding: .utf8)
            let validation = try XMLValidator.validate(file)
            #expect(validation.status == 0, "\(style): \(validation.stderr)")
        }
        let absolute = EntryPaths(style: .absolute, outputDir: "/out", musicDirs: [])
        let text = XSPFWriter.render(hostileResult(), entries: absolute.entries(of: hostileResult()), paths: absolute, date: TestLibrary.night)
        #expect(text.contains("<location>file:///music/%C3%84rtist%20%26%20Co/Al%20%231/1%20100%25%20%3Codd%3E%20name%3F.flac</location>"))
        #expect(text.contains("<duration>201600</duration>"))
    }

    @Test func pathStylesAndPrefixRewriting() {
        let track = "/home/me/Music/A/B/01 x.flac"
        #expect(EntryPaths(style: .relative, outputDir: "/home/me/Music/Playlists", musicDirs: []).entry(for: track) == "../A/B/01 x.flac")
        #expect(EntryPaths(style: .relative, outputDir: "/srv/lists", musicDirs: []).entry(for: track) == "../../home/me/Music/A/B/01 x.flac")
        #expect(EntryPaths(style: .library, outputDir: "/x", musicDirs: ["/home/me/Music/"]).entry(for: track) == "A/B/01 x.flac")
        #expect(EntryPaths(style: .absolute, outputDir: "/x", musicDirs: []).entry(for: track) == track)
        let phone = EntryPaths(style: .absolute, outputDir: "/x", musicDirs: [], prefixFrom: "/home/me/Music", prefixTo: "/storage/emulated/0/Music")
        #expect(phone.entry(for: track) == "/storage/emulated/0/Music/A/B/01 x.flac")
        #expect(phone.entry(for: "/home/me/Musical/y.mp3") == "/home/me/Musical/y.mp3")
        #expect(EntryPaths(style: .relative, outputDir: "/out", musicDirs: []).uri(for: "/out/a b.mp3") == "a%20b.mp3")
    }

    @Test func relativeEntriesResolveFromThePlaylistFolder() throws {
        let folder = try TemporaryDirectory()
        let music = folder.file("music/Artist/Album")
        try FileManager.default.createDirectory(atPath: music, withIntermediateDirectories: true)
        let track = (music as NSString).appendingPathComponent("01 Song.flac")
        _ = FileManager.default.createFile(atPath: track, contents: Data())
        let output = folder.file("lists/nightly")
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        let entry = EntryPaths(style: .relative, outputDir: output, musicDirs: []).entry(for: track)
        #expect(FileManager.default.fileExists(atPath: (output as NSString).appendingPathComponent(entry)))
    }

    @Test func removesOnlyWhatSegueWroteAndNoLongerDefines() throws {
        let folder = try TemporaryDirectory()
        let library = TestLibrary.spread(count: 60, artists: 12)
        let database = try LibraryDatabase.make(at: folder.file("segue.db"), tracks: library.tracks)
        let output = folder.file("out")
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        let mine = (output as NSString).appendingPathComponent("Mine.m3u8")
        let inTheWay = (output as NSString).appendingPathComponent("Taken.m3u8")
        try "user's own".write(toFile: mine, atomically: true, encoding: .utf8)
        try "user's own too".write(toFile: inTheWay, atomically: true, encoding: .utf8)
        func export(_ names: [String]) throws -> PlaylistExporter.Summary {
            let definitions = names.map { "    - {name: \"\($0)\", seed_tracks: [\"/music/Artist 0/Album 0/0.flac\"], tracks: 5}" }
            let config = try LibraryDatabase.config("  library_mixes: {count: 0}\n  definitions:\n" + definitions.joined(separator: "\n") + "\n",
                                                    output: output)
            return try PlaylistExporter(config: config, database: database, index: library.index, now: TestLibrary.night,
                                        calendar: TestLibrary.calendar).run(ExportRequest())
        }
        let first = try export(["Keep", "Drop", "Taken", "../Escape"])
        #expect(first.skipped == [inTheWay])
        let listing = try FileManager.default.contentsOfDirectory(atPath: output).sorted()
        #expect(listing == ["Drop.m3u8", "Drop.xspf", "Keep.m3u8", "Keep.xspf", "Mine.m3u8", "Taken.m3u8", "Taken.xspf", "_Escape.m3u8", "_Escape.xspf"])
        #expect(try String(contentsOfFile: inTheWay, encoding: .utf8) == "user's own too")
        #expect(!FileManager.default.fileExists(atPath: folder.file("Escape.m3u8")))

        let second = try export(["Keep"])
        #expect(Set(second.removed.map { ($0 as NSString).lastPathComponent })
                == ["Drop.m3u8", "Drop.xspf", "_Escape.m3u8", "_Escape.xspf", "Taken.xspf"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: output).sorted() == ["Keep.m3u8", "Keep.xspf", "Mine.m3u8", "Taken.m3u8"])
        #expect(try String(contentsOfFile: mine, encoding: .utf8) == "user's own")
        let rows = try database.pool.read { try String.fetchAll($0, sql: "SELECT name FROM playlists ORDER BY name") }
        #expect(rows == ["Keep"])
    }
}
