import Foundation
import GRDB
import SegueTestSupport
import Testing

/// Every kind of broken file is recorded with its reason and skipped; the scan goes on,
/// exits 0, and a second run has nothing to do.
@Suite struct BrokenFileTests {
    /// Run as a user of its own: as root the unreadable file would be read like any other.
    @Test func brokenFilesAreRecordedAndSkipped() throws {
        let harness = try ScanHarness(broken: true)
        // A folder the scan may enter but not list, holding a good file.
        let locked = harness.path("_broken/locked")
        try FileManager.default.createDirectory(atPath: locked, withIntermediateDirectories: true)
        let good = try #require(harness.manifest.tracks.first { $0.format == "flac" })
        try FileManager.default.copyItem(atPath: harness.path(good.path), toPath: locked + "/hidden.flac")
        chmod(locked, 0o311)
        let first = try harness.scan(unprivileged: true)
        #expect(first.status == 0, "\(first.stderr)")

        let failures = try harness.read { db in
            try Row.fetchAll(db, sql: "SELECT path, kind, reason FROM scan_failures").map {
                (path: $0["path"] as String, kind: $0["kind"] as String, reason: $0["reason"] as String)
            }
        }
        for broken in harness.manifest.broken {
            let failure = failures.first { $0.path == harness.path(broken.path) }
            #expect(failure?.kind == broken.kind, "\(broken.path)")
            #expect(failure?.reason.isEmpty == false)
            #expect(failure?.reason.contains("\n") == false)
            // The manifest expects root to read the unreadable file; this scan cannot.
            let expectTrack = broken.expectTrack && broken.kind != "unreadable"
            let tracks = try harness.count("SELECT COUNT(*) FROM tracks WHERE path = ?", [harness.path(broken.path)])
            #expect(tracks == (expectTrack ? 1 : 0), "\(broken.path)")
        }
        let unreadable = failures.first { $0.path == harness.path("_broken/unreadable.ogg") }
        #expect(unreadable?.reason == "Permission denied", "\(String(describing: unreadable))")
        let unlisted = failures.first { $0.path == locked }
        #expect(unlisted?.kind == "unreadable")
        #expect(unlisted?.reason == "cannot list folder: Permission denied", "\(String(describing: unlisted))")
        #expect(try harness.count("SELECT COUNT(*) FROM tracks WHERE path LIKE ?", [locked + "/%"]) == 0)

        let skipped = harness.manifest.broken.filter { !$0.expectTrack || $0.kind == "unreadable" }.count + 1
        #expect(first.stdout.contains("\(skipped) failed ("), "\(first.stdout)")
        #expect(first.stdout.contains("unreadable 2"), "\(first.stdout)")
        #expect(first.stdout.contains("zero-byte 1"))
        #expect(first.stdout.contains("truncated 5"))
        #expect(first.stdout.contains("not audio 2"))
        #expect(first.stdout.contains("broken symlink 1"))
        #expect(first.stdout.contains("bad file name 2"))

        let second = try harness.scan(unprivileged: true)
        #expect(second.status == 0)
        #expect(second.stdout.contains("nothing changed"), "\(second.stdout)")
        #expect(second.stdout.contains("\(skipped) failed ("))

        // Readable again, both are scanned and lose their failures.
        chmod(harness.path("_broken/unreadable.ogg"), 0o644)
        chmod(locked, 0o755)
        let third = try harness.scan(unprivileged: true)
        #expect(third.status == 0, "\(third.stderr)")
        #expect(try harness.count("SELECT COUNT(*) FROM scan_failures WHERE kind = 'unreadable'") == 0)
        #expect(try harness.track("_broken/unreadable.ogg") != nil)
        #expect(try harness.track("_broken/locked/hidden.flac") != nil)
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
