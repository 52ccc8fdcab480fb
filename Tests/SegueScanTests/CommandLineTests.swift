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
}
