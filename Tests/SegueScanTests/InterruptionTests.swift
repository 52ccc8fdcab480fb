import Foundation
import GRDB
import SegueTestSupport
import Testing

/// A scan killed at any moment leaves a consistent database, and the next run finishes the
/// work without duplicating anything.
@Suite struct InterruptionTests {
    @Test(arguments: [0.05, 0.3, 0.8])
    func aKilledScanIsFinishedByTheNextRun(after delay: Double) throws {
        let harness = try ScanHarness(tracks: 21, seconds: 1)
        let running = try ProcessRunner.start(ProcessRunner.executable("segue-scan"), ["--db", harness.database],
                                              in: harness.folder.path,
                                              environment: ["SEGUE_MUSIC_DIR": harness.library, "HOME": harness.folder.path])
        Thread.sleep(forTimeInterval: delay)
        running.signal(SIGKILL)
        _ = running.wait()

        let rerun = try harness.scan()
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(try harness.count("SELECT COUNT(*) FROM tracks") == harness.manifest.tracks.count)
        #expect(try harness.count("SELECT COUNT(*) FROM tracks WHERE missing_since IS NOT NULL") == 0)
        #expect(try harness.count("SELECT COUNT(*) FROM (SELECT fingerprint FROM tracks GROUP BY fingerprint HAVING COUNT(*) > 1)") == 0)
        #expect(try harness.count("SELECT COUNT(*) FROM tracks WHERE artist_id IS NULL") == 0)
        #expect(try harness.scan().stdout.contains("nothing changed"))
    }
}
