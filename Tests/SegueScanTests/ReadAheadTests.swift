import Foundation
import SegueTestSupport
@testable import SegueAudio
@testable import SegueScan
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

/// Each file a scan reads is asked of the kernel once, ahead of its reader, so that a library
/// the page cache no longer holds is read from the disk while the readers work.
@Suite struct FilePrefetchTests {
    @Test func everyReadableFileIsAskedForOnce() throws {
        let folder = try TemporaryDirectory(prefix: "segue-prefetch-test")
        var items: [ScanPlan.ReadItem] = []
        for index in 0..<150 {
            // Every tenth file is empty and every seventh is no audio: nothing reads them.
            let name = index % 7 == 3 ? "\(index).txt" : "\(index).mp3"
            let bytes = index % 10 == 5 ? Data() : Data(repeating: UInt8(index % 256), count: 100 + index)
            let path = folder.file(name)
            try bytes.write(to: URL(fileURLWithPath: path))
            let file = WalkedFile(path: path, relativePath: name, kind: AudioFileKind(fileName: name),
                                  status: .file(size: bytes.count, mtime: 0))
            items.append(ScanPlan.ReadItem(file: file, size: bytes.count, mtime: 0))
        }
        let asked = AskedPaths()
        let reading = ReadAhead(items: items, readers: 3, window: 16, reporter: nil, prefetch: { asked.add($0.file.path) })
        var read: [InspectedFile] = []
        for range in ScanBatches(count: items.count, size: 8) {
            read += reading.take(range)
        }
        reading.stop()
        #expect(read.map(\.path) == items.map(\.file.path))
        let expected = items.filter { $0.file.kind != nil && $0.size > 0 }.map(\.file.path)
        #expect(asked.paths.sorted() == expected.dropFirst().sorted(), "the first file is read at once, the others asked for once each")
    }

    @Test func asksForTheHeadAndTailOfALargeFile() {
        #expect(FilePrefetch.ranges(size: 0).isEmpty)
        #expect(FilePrefetch.ranges(size: 1_000) == [0..<1_000])
        let whole = FilePrefetch.headBytes + FilePrefetch.tailBytes
        #expect(FilePrefetch.ranges(size: whole) == [0..<whole])
        #expect(FilePrefetch.ranges(size: 30_000_000) == [0..<FilePrefetch.headBytes, (30_000_000 - FilePrefetch.tailBytes)..<30_000_000])
    }
}

/// The batches of a scan cover every file once, in order; the last batch's worth is cut small.
@Suite struct ScanBatchesTests {
    @Test(arguments: [0, 1, 7, 499, 500, 501, 1_000, 2_000, 2_345])
    func coverEveryFileInOrder(count: Int) {
        let ranges = Array(ScanBatches(count: count, size: 500))
        #expect(ranges.flatMap { Array($0) } == Array(0..<count))
        #expect(ranges.allSatisfy { $0.count <= 500 && !$0.isEmpty })
        if count > 500 {
            #expect(ranges.dropLast(ranges.count - (count - 1) / 500).allSatisfy { $0.count == 500 })
        }
        #expect((ranges.last?.count ?? 0) <= max(1, min(count, 500 / ScanBatches.tailParts)))
    }

    @Test func batchesOfOneStayOne() {
        #expect(Array(ScanBatches(count: 3, size: 1)) == [0..<1, 1..<2, 2..<3])
    }
}

private final class AskedPaths: @unchecked Sendable {
    private let lock = NSLock()
    private var asked: [String] = []

    func add(_ path: String) {
        lock.withLock { asked.append(path) }
    }

    var paths: [String] {
        lock.withLock { asked }
    }
}
