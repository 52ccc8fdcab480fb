import Foundation
import GRDB
import SegueTestSupport
import Testing

/// Every kind of broken file is recorded with its reason and skipped; the scan goes on,
/// exits 0, and a second run has nothing to do.
@Suite struct BrokenFileTests {
    @Test func brokenFilesAreRecordedAndSkipped() throws {
        let harness = try ScanHarness(broken: true)
        let first = try harness.scan()
        #expect(first.status == 0, "\(first.stderr)")

        let failures = try harness.read { db in
            try Row.fetchAll(db, sql: "SELECT path, kind, reason FROM scan_failures").map {
                (path: $0["path"] as String, kind: $0["kind"] as String, reason: $0["reason"] as String)
            }
        }
        for broken in harness.manifest.broken {
            let failure = failures.first { $0.path == harness.path(broken.path) }
            let expectFailure = !(broken.expectTrack && broken.kind == "unreadable")
            if expectFailure {
                #expect(failure?.kind == broken.kind, "\(broken.path)")
                #expect(failure?.reason.isEmpty == false)
                #expect(failure?.reason.contains("\n") == false)
            }
            let tracks = try harness.count("SELECT COUNT(*) FROM tracks WHERE path = ?", [harness.path(broken.path)])
            #expect(tracks == (broken.expectTrack ? 1 : 0), "\(broken.path)")
        }

        let skipped = harness.manifest.broken.filter { !$0.expectTrack }.count
        #expect(first.stdout.contains("\(skipped) failed ("), "\(first.stdout)")
        #expect(first.stdout.contains("zero-byte 1"))
        #expect(first.stdout.contains("truncated 5"))
        #expect(first.stdout.contains("not audio 2"))
        #expect(first.stdout.contains("broken symlink 1"))
        #expect(first.stdout.contains("bad file name 2"))

        let second = try harness.scan()
        #expect(second.status == 0)
        #expect(second.stdout.contains("nothing changed"), "\(second.stdout)")
        #expect(second.stdout.contains("\(skipped) failed ("))
    }

    @Test func tagProblemsAreCleanedAndNoted() throws {
        let harness = try ScanHarness(broken: true)
        try harness.scan()
        let control = try #require(try harness.track("_broken/control-chars.flac"))
        #expect(control["title"] == "BellTitle[31m")
        #expect(control["artist"] == "Control Freak")
        let absurd = try #require(try harness.track("_broken/absurd-values.mp3"))
        #expect(absurd["track_number"] as Int? == nil)
        #expect(absurd["disc_number"] as Int? == nil)
        #expect(absurd["year"] as Int? == nil)
        #expect(absurd["title"] == "Absurd Values")
    }

    @Test func aFixedFileLosesItsFailure() throws {
        let harness = try ScanHarness(broken: true)
        try harness.scan()
        let source = harness.path(try #require(harness.manifest.tracks.first { $0.format == "flac" && !$0.tags.isEmpty }).path)
        let target = harness.path("_broken/truncated-flac.flac")
        try FileManager.default.removeItem(atPath: target)
        try FileManager.default.copyItem(atPath: source, toPath: target)
        try FileManager.default.removeItem(atPath: harness.path("_broken/zero-byte.mp3"))

        let result = try harness.scan()
        #expect(result.status == 0)
        #expect(try harness.count("SELECT COUNT(*) FROM scan_failures WHERE path = ?", [target]) == 0)
        #expect(try harness.count("SELECT COUNT(*) FROM scan_failures WHERE kind = 'zero-byte'") == 0)
        #expect(try harness.track("_broken/truncated-flac.flac") != nil)
    }
}
