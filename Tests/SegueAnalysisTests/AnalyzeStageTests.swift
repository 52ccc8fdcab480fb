import Foundation
import GRDB
import SegueTestSupport
import Testing

@Suite("segue-analyze end to end")
struct AnalyzeStageTests {
    /// One 20-second file per format, with a different tone each.
    static func library(_ fixture: AnalysisFixture, formats: [TestAudio.Format] = TestAudio.Format.allCases) throws -> [String] {
        try formats.enumerated().map { index, format in
            try TestAudio.tone(seconds: 20, format: format, in: fixture.library, name: "\(index)-\(format.rawValue)",
                               frequency: 220 + 55 * Double(index), amplitude: 0.4)
        }
    }

    @Test("analyses a library in every format, then has nothing to do")
    func everyFormat() throws {
        let fixture = try AnalysisFixture()
        let paths = try Self.library(fixture)
        try fixture.addTracks(paths)
        let first = try fixture.analyze()
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("analysed \(paths.count) tracks, 0 failed, 0 pending"), "\(first.stdout)")
        let features = try fixture.features()
        #expect(features.count == paths.count)
        for (id, columns) in features {
            let vector = Data.fromDatabaseValue(columns[1])
            #expect(vector != nil, "track \(id) has a vector blob")
            let seconds = try #require(Double.fromDatabaseValue(columns[11]))
            #expect(abs(seconds - 15) < 0.1, "track \(id): three 5 s windows, analysed \(seconds) s")
        }
        let progress = try Data(contentsOf: URL(fileURLWithPath: fixture.folder.file("state/checkpoints/analyze.json")))
        let json = try #require(try JSONSerialization.jsonObject(with: progress) as? [String: Any])
        #expect(json["done"] as? Int == paths.count)
        #expect(json["total"] as? Int == paths.count)

        let second = try fixture.analyze()
        #expect(second.status == 0)
        #expect(second.stdout.contains("nothing to analyse: \(paths.count) tracks up to date"), "\(second.stdout)")
    }

    @Test("records undecodable, truncated, too short, silent and empty files, and skips them until retried")
    func failures() throws {
        let fixture = try AnalysisFixture()
        let good = try TestAudio.tone(seconds: 20, format: .flac, in: fixture.library, name: "good")
        let silent = fixture.file("silent.flac")
        try TestAudio.write("0|0", seconds: 20, format: .flac, to: silent)
        let short = fixture.file("short.wav")
        try TestAudio.write("0.5*sin(2*PI*440*t)", seconds: 0.4, format: .wav, to: short)
        let whole = try TestAudio.tone(seconds: 60, format: .flac, in: fixture.folder.path, name: "whole")
        let truncated = fixture.file("truncated.flac")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: whole))
        try bytes.prefix(bytes.count / 4).write(to: URL(fileURLWithPath: truncated))
        let garbage = fixture.file("garbage.mp3")
        try Data((0..<50_000).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 13) }).write(to: URL(fileURLWithPath: garbage))
        let empty = fixture.file("empty.wav")
        try TestAudio.write("0", seconds: 0, format: .wav, to: empty)
        try fixture.addTracks([good, silent, short, truncated, garbage, empty])

        let first = try fixture.analyze()
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("analysed 1 tracks, 5 failed"), "\(first.stdout)")
        let failures = try fixture.failures()
        #expect(failures[2]?.kind == "silent")
        #expect(failures[3]?.kind == "too-short")
        #expect(failures[4]?.kind == "truncated")
        #expect(failures[5]?.kind == "undecodable")
        #expect(failures[6]?.kind == "zero-duration" || failures[6]?.kind == "undecodable")
        #expect(failures.values.allSatisfy { $0.attempts == 1 && !$0.reason.contains("\n") })

        let status = try fixture.analyze(["--status"])
        #expect(status.stdout.contains("pending: 5 tracks failed earlier"), "\(status.stdout)")
        let second = try fixture.analyze()
        #expect(second.stdout.contains("nothing to analyse: 1 tracks up to date, 5 failed earlier"), "\(second.stdout)")
        #expect(try fixture.failures().values.allSatisfy { $0.attempts == 1 })

        let retried = try fixture.analyze(["--retry-failed"])
        #expect(retried.stdout.contains("analysed 0 tracks, 5 failed"), "\(retried.stdout)")
        #expect(try fixture.failures().values.allSatisfy { $0.attempts == 2 })

        // A file that changes is tried again without the flag; now it decodes.
        try FileManager.default.removeItem(atPath: silent)
        try FileManager.default.copyItem(atPath: good, toPath: silent)
        try fixture.execute("UPDATE tracks SET content_changed_at = datetime('now', '+1 minute') WHERE id = 2")
        let changed = try fixture.analyze()
        #expect(changed.stdout.contains("analysed 1 tracks, 0 failed"), "\(changed.stdout)")
        #expect(try fixture.failures()[2] == nil)
        #expect(try fixture.features()[2] != nil)
    }

    @Test("a version bump or a changed file re-analyses just those tracks; missing tracks are left alone")
    func versionBump() throws {
        let fixture = try AnalysisFixture()
        let paths = try Self.library(fixture, formats: [.flac, .wav, .mp3, .ogg])
        try fixture.addTracks(paths)
        try fixture.execute("UPDATE tracks SET missing_since = datetime('now') WHERE id = 4")
        #expect(try fixture.analyze().stdout.contains("analysed 3 tracks"))
        let before = try fixture.features()
        #expect(before[4] == nil)

        try fixture.execute("UPDATE sonic_features SET version = version - 1 WHERE track_id = 1")
        try fixture.execute("UPDATE tracks SET content_changed_at = datetime('now', '+1 minute') WHERE id = 2")
        let dry = try fixture.analyze(["--dry-run"])
        #expect(dry.stdout.contains("would analyse 2 tracks (1 outdated, 1 changed)"), "\(dry.stdout)")
        let status = try fixture.analyze(["--status"])
        #expect(status.stdout.contains("pending: 2 tracks to analyse (1 outdated, 1 changed)"), "\(status.stdout)")
        let rerun = try fixture.analyze()
        #expect(rerun.stdout.contains("analysed 2 tracks"), "\(rerun.stdout)")
        #expect(try fixture.features() == before)
        let counts: [Int64: Int] = try fixture.open().pool.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT track_id, analysis_count FROM sonic_features")
                .map { ($0["track_id"], $0["analysis_count"]) })
        }
        #expect(counts == [1: 2, 2: 2, 3: 1])
    }

    @Test("a short track is analysed whole; full mode analyses the whole of a long one")
    func wholeTracks() throws {
        let fixture = try AnalysisFixture(extraConfig: "  mode: full")
        let long = try TestAudio.tone(seconds: 40, format: .flac, in: fixture.library, name: "long")
        let windows = try AnalysisFixture()
        let short = try TestAudio.tone(seconds: 10, format: .ogg, in: windows.library, name: "short")
        try fixture.addTracks([long])
        try windows.addTracks([short])
        #expect(try fixture.analyze().status == 0)
        #expect(try windows.analyze().status == 0)
        let full = try #require(try fixture.features()[1].flatMap { Double.fromDatabaseValue($0[11]) })
        #expect(abs(full - 40) < 0.1, "full mode analysed \(full) s")
        let whole = try #require(try windows.features()[1].flatMap { Double.fromDatabaseValue($0[11]) })
        #expect(abs(whole - 10) < 0.1, "a track shorter than three windows: \(whole) s")
        let segments = try #require(try windows.features()[1].flatMap { Data.fromDatabaseValue($0[2]) })
        let vector = try #require(try windows.features()[1].flatMap { Data.fromDatabaseValue($0[1]) })
        #expect(segments.count > 0 && segments.count % 3 == 0, "three segment vectors")
        #expect(vector.count > 0)
    }

    @Test("--limit, --dry-run and --force")
    func flags() throws {
        let fixture = try AnalysisFixture()
        let paths = try Self.library(fixture, formats: [.wav, .flac, .wav, .flac])
        try fixture.addTracks(paths)
        let dry = try fixture.analyze(["--dry-run"])
        #expect(dry.status == 0)
        #expect(dry.stdout.contains("would analyse 4 tracks (4 new)"), "\(dry.stdout)")
        #expect(try fixture.features().isEmpty)
        let limited = try fixture.analyze(["--limit", "3", "--workers", "1"])
        #expect(limited.stdout.contains("analysed 3 tracks, 0 failed, 1 pending"), "\(limited.stdout)")
        #expect(try fixture.analyze().stdout.contains("analysed 1 tracks, 0 failed, 0 pending"))
        #expect(try fixture.analyze(["--force"]).stdout.contains("analysed 4 tracks"))
        let bad = try fixture.analyze(["--workers", "none"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--workers"))
    }

    @Test("one worker and two workers store bit-identical features")
    func workersAgree() throws {
        let fixture = try AnalysisFixture(batchSize: 3)
        let paths = try Self.library(fixture, formats: [.mp3, .flac, .ogg, .opus, .m4aAAC, .wav])
        let other = fixture.folder.file("state/other.db")
        try fixture.addTracks(paths)
        try fixture.addTracks(paths, to: other)
        #expect(try fixture.analyze(["--workers", "1"]).status == 0)
        #expect(try fixture.analyze(["--workers", "2"], database: other).status == 0)
        let one = try fixture.features(), two = try fixture.features(in: other)
        #expect(one.count == paths.count)
        #expect(one == two)
    }
}
