import Foundation
import SegueAudio
import SegueCore

/// The scan: walks the music folders, rereads only new and changed files (tags on several
/// threads, one writer), recognizes moved files by fingerprint, and commits in batches so
/// a kill loses at most one batch.
public struct LibraryScanner {
    public var musicDirs: [String]
    public var purgeMissingDays: Int
    public var dryRun: Bool
    /// Files read per write transaction.
    public var batchSize = 500
    /// Threads reading tags.
    public var readers = 2

    public init(musicDirs: [String], purgeMissingDays: Int, dryRun: Bool) {
        self.musicDirs = musicDirs
        self.purgeMissingDays = purgeMissingDays
        self.dryRun = dryRun
    }

    public init(context: StageContext) {
        self.init(musicDirs: context.config.library.musicDirs, purgeMissingDays: context.config.library.purgeMissingDays,
                  dryRun: context.dryRun)
    }

    /// Runs the scan; `progress` is told how many files need reading, then each one read.
    public func scan(database: AppDatabase, now: Date = Date(),
                     progress: (Int) -> ProgressReporter? = { _ in nil }) throws -> ScanReport {
        let walked = try LibraryWalker.walk(musicDirs)
        let store = LibraryStore(database: database)
        let known = try store.loadKnownFiles()
        var plan = ScanPlan(walked: walked, known: known)
        var report = ScanReport()
        report.dryRun = dryRun
        report.files = walked.count

        let reporter = progress(plan.toRead.count)
        var pending = plan.immediateChanges
        for start in stride(from: 0, to: plan.toRead.count, by: batchSize) {
            let batch = Array(plan.toRead[start..<min(start + batchSize, plan.toRead.count)])
            let inspected = inspect(batch, reporter: reporter)
            for (entry, file) in zip(batch, inspected) {
                pending.append(plan.change(for: entry, inspected: file))
            }
            try commit(&pending, store: store, now: now, report: &report)
        }
        try commit(&pending, store: store, now: now, report: &report)
        reporter?.finish()

        report.missing = plan.vanishedIDs.count
        report.failed = plan.failed
        report.tagProblems = plan.tagProblems
        if !dryRun {
            let purgeBefore = now.addingTimeInterval(-Double(purgeMissingDays) * 86_400)
            report.purged = try store.finish(missingIDs: plan.vanishedIDs, purgeBefore: purgeBefore,
                                             keepFailures: plan.failingPaths, knownFailures: Array(known.failures.keys), at: now)
        }
        return report
    }

    /// Reads a batch on `readers` threads; results in batch order.
    private func inspect(_ batch: [ScanPlan.ReadItem], reporter: ProgressReporter?) -> [InspectedFile] {
        final class Results: @unchecked Sendable {
            var files: [InspectedFile?]
            var next = 0
            let lock = NSLock()
            init(count: Int) { files = Array(repeating: nil, count: count) }
        }
        let results = Results(count: batch.count)
        DispatchQueue.concurrentPerform(iterations: max(1, min(readers, batch.count))) { _ in
            while true {
                let index: Int = results.lock.withLock {
                    defer { results.next += 1 }
                    return results.next
                }
                guard index < batch.count else { return }
                let item = batch[index]
                let file = FileInspector.inspect(item.file, size: item.size, mtime: item.mtime)
                results.lock.withLock { results.files[index] = file }
                reporter?.advance()
            }
        }
        return results.files.map { $0! }
    }

    private func commit(_ pending: inout [ScanChange], store: LibraryStore, now: Date, report: inout ScanReport) throws {
        for change in pending {
            switch change {
            case .add: report.added += 1
            case .update: report.changed += 1
            case .move: report.moved += 1
            case .restore: report.restored += 1
            case .failure: break
            }
        }
        if !dryRun {
            try store.write(pending, at: now)
        }
        pending.removeAll()
    }
}
