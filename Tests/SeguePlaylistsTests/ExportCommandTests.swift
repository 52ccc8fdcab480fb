import Foundation
import GRDB
import Testing
import SegueCore
import SegueTestSupport

/// `segue-export` end to end through the executable, on a synthetic library indexed by
/// `segue-index`.
struct ExportCommandTests {
    let folder: TemporaryDirectory
    let database: String
    let config: String
    let output: String

    init() throws {
        folder = try TemporaryDirectory(prefix: "segue-export")
        database = folder.file("segue.db")
        config = folder.file("config.yaml")
        output = folder.file("playlists")
        let synth = try ProcessRunner.runStage("segue-dev", ["synth-db", "--out", database, "--tracks", "400"])
        try #require(synth.status == 0, "\(synth.stderr)")
        let index = try ProcessRunner.runStage("segue-index", ["--db", database, "--quiet"])
        try #require(index.status == 0, "\(index.stderr)")
        try "library:\n  music_dirs: [/synthetic]\nplaylists:\n  output_dir: \(output)\n".write(toFile: config, atomically: true, encoding: .utf8)
    }

    func export(_ arguments: [String]) throws -> ProcessResult {
        try ProcessRunner.runStage("segue-export", ["--config", config, "--db", database] + arguments)
    }

    func files() throws -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: output)) ?? []).sorted()
    }

    @Test func writesTheDefaultLibraryMixesAndReplaysTheNight() throws {
        let run = try export(["--date", "2026-11-29"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("segue-export: night 2026-11-29: 8 playlists, 240 tracks"), "\(run.stdout)")
        let written = try files()
        #expect(written.filter { $0.hasSuffix(".m3u8") }.count == 8)
        #expect(written.filter { $0.hasSuffix(".xspf") }.count == 8)
        for file in written where file.hasSuffix(".xspf") {
            let validation = try XMLValidator.validate((output as NSString).appendingPathComponent(file))
            #expect(validation.status == 0, "\(validation.stderr)")
        }
        let first = try String(contentsOfFile: (output as NSString).appendingPathComponent(written[0]), encoding: .utf8)
        #expect(first.hasPrefix("#EXTM3U\n"))
        #expect(first.components(separatedBy: "#EXTINF:").count == 31)

        let again = try export(["--date", "2026-11-29"])
        #expect(again.status == 0)
        #expect(try String(contentsOfFile: (output as NSString).appendingPathComponent(written[0]), encoding: .utf8) == first)

        let stored = try DatabaseQueue(path: database).read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM playlist_tracks")
        }
        #expect(stored == 240)
    }

    @Test func adHocDryRunExplains() throws {
        let run = try export(["--artist", "Artist 3", "--tracks", "12", "--dry-run", "--explain", "--date", "2026-11-29"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("== Segue - Artist 3 (adhoc, seed "))
        #expect(run.stdout.contains("  1. Artist 3 - "))
        #expect(run.stdout.contains("why: seed"))
        #expect(run.stdout.contains("why: similarity "))
        #expect(run.stdout.contains("; transition "))
        #expect(run.stdout.contains("rules passed by every track: writable path, length"))
        #expect(run.stdout.contains("1 playlists, 12 tracks"))
        #expect(try files().isEmpty)
    }

    @Test func seedReplaysAcrossNights() throws {
        let first = try export(["--genre", "post-punk", "--seed", "7", "--date", "2026-11-01", "--dry-run", "--explain"])
        let second = try export(["--genre", "post-punk", "--seed", "7", "--date", "2026-12-01", "--dry-run", "--explain"])
        #expect(first.status == 0, "\(first.stderr)")
        // The explanations match; the summary line names the night.
        func explanation(_ output: String) -> [Substring] { output.split(separator: "\n").filter { !$0.hasPrefix("segue-export:") } }
        #expect(explanation(first.stdout) == explanation(second.stdout))
        #expect(explanation(first.stdout).count > 20)
    }

    @Test func adHocFromATrackPathRelativeToTheMusicFolder() throws {
        let path = try #require(try DatabaseQueue(path: database).read { db in
            try String.fetchOne(db, sql: "SELECT path FROM tracks ORDER BY id LIMIT 1 OFFSET 10")
        })
        let relative = String(path.dropFirst("/synthetic/".count))
        let run = try export(["--track", relative, "--tracks", "8", "--date", "2026-11-29"])
        #expect(run.status == 0, "\(run.stderr)")
        let files = try files()
        #expect(files.count == 2)
        let playlist = try String(contentsOfFile: (output as NSString).appendingPathComponent(files[0]), encoding: .utf8)
        let entries = playlist.split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(entries.count == 8)
        // Relative to the playlist folder, and opening with the seed.
        let ups = String(repeating: "../", count: output.split(separator: "/").count)
        #expect(entries.first.map(String.init) == ups + path.dropFirst())
    }

    @Test func reportAlone() throws {
        #expect(try export([]).status == 0)
        let run = try export(["--report"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: (output as NSString).appendingPathComponent("segue-report.html")))
        #expect(try export(["--report", "--explain"]).status == 2)
    }

    @Test func unknownSeedsAreUsageErrors() throws {
        let run = try export(["--artist", "Nobody At All"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("--artist 'Nobody At All' matches no track in the library"))
        let bad = try export(["--date", "tomorrow"])
        #expect(bad.status == 2)
    }
}
