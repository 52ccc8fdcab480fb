import Foundation
import SegueCore
import SegueTestSupport
import Testing

/// The exit statuses every stage shares.
@Suite struct CommandLineTests {
    @Test func aHeldLockExits75NamingTheHolder() throws {
        let harness = try ScanHarness(tracks: 1)
        let lock = try StageLock(path: harness.folder.file("checkpoints/scan.lock"), holder: "segue-scan-test-holder")
        defer { lock.release() }
        let result = try harness.scan()
        #expect(result.status == 75)
        #expect(result.stderr.contains("segue-scan-test-holder"), "\(result.stderr)")
    }

    @Test func anUnknownFlagExits2() throws {
        let harness = try ScanHarness(tracks: 1)
        let result = try harness.scan(["--no-such-flag"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--no-such-flag"), "\(result.stderr)")
    }

    @Test func statusNamesPendingWorkWithoutDoingIt() throws {
        let harness = try ScanHarness(tracks: 4)
        try harness.scan()
        let track = harness.manifest.tracks[0].path
        try FileManager.default.copyItem(atPath: harness.path(track), toPath: harness.path("New." + (track as NSString).pathExtension))
        try FileManager.default.removeItem(atPath: harness.path(harness.manifest.tracks[1].path))
        let status = try harness.scan(["--status"])
        #expect(status.status == 0)
        #expect(status.stdout.contains("pending: 1 new and 0 changed files to read"), "\(status.stdout)")
        #expect(status.stdout.contains("pending: 1 tracks whose files are gone"))
        #expect(try harness.count("SELECT COUNT(*) FROM tracks") == 4)
    }
}
