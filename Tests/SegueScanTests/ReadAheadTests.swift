import Foundation
import SegueTestSupport
import Testing

/// The scan reads files on a thread per core, ahead of the batch being written: what it
/// writes must not depend on how the batches fall or how far ahead the readers got.
@Suite struct ReadAheadTests {
    @Test func oneFilePerBatchWritesWhatTheDefaultBatchesWrite() throws {
        let harness = try ScanHarness(broken: true)
        let config = harness.folder.file("one-per-batch.yaml")
        // Batches of one: the readers are never more than two files ahead of the writer.
        try "library:\n  batch_size: 1\n".write(toFile: config, atomically: true, encoding: .utf8)
        let small = try harness.scan(["--config", config, "--quiet"])
        #expect(small.status == 0, "\(small.stderr)")
        let oneByOne = try DatabaseContents(of: harness.database)
        #expect((oneByOne.tables["tracks"]?.count ?? 0) >= harness.manifest.tracks.count)
        #expect(oneByOne.tables["scan_failures"]?.isEmpty == false)

        for suffix in ["", "-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: harness.database + suffix)
        }
        let whole = try harness.scan(["--quiet"])
        #expect(whole.status == 0, "\(whole.stderr)")
        #expect(try DatabaseContents(of: harness.database) == oneByOne)
    }
}
