import Foundation
import Logging
import SegueAudio
import SegueCore

/// The scan: walks the music folders, rereads only new and changed files (tags and audio
/// identity on a thread per core, reading ahead of the writer), recognizes moved files by
/// their audio identity, and commits in batches so a kill loses at most one batch. A folder
/// that looks unmounted marks nothing missing (`FolderGuard`). A stop asked for by a signal
/// is honoured between batches.
public struct LibraryScanner {
    public var musicDirs: [String]
    public var purgeMissingDays: Int
    public var maxVanishFraction = LibraryConfig.defaultMaxVanishFraction
    /// Mark vanished tracks missing even where `FolderGuard` would take them for an unmounted disk.
    public var acceptVanished = false
    public var dryRun: Bool
    /// Files read per write transaction (the last of them in smaller ones, `ScanBatches`).
    public var batchSize = 500
    /// Threads reading files; at least two, so that one reads while the other waits for the disk.
    public var readers = max(2, ProcessInfo.processInfo.activeProcessorCount)
    /// Told every change and problem at debug level (`--verbose`).
    public var logger: Logger?
    /// Checked between batches (SIGINT, SIGTERM).
    public var cancellation = StageCancellation()

    public init(musicDirs: [String], purgeMissingDays: Int, dryRun: Bool) {
        self.musicDirs = musicDirs
        self.purgeMissingDays = purgeMissingDays
        self.dryRun = dryRun
    }

    public init(context: StageContext, acceptVanished: Bool = false) {
        self.init(musicDirs: context.config.library.musicDirs, purgeMissingDays: context.config.library.purgeMissingDays,
                  dryRun: context.dryRun)
        maxVanishFraction = context.config.library.maxVanishFraction
        self.acceptVanished = acceptVanished
        logger = context.logger
        batchSize = context.config.library.batchSize
        cancellation = context.cancellation
    }

    /// Runs the scan; `progress` is told how many files need reading, then each one read.
    public func scan(database: AppDatabase, now: Date = Date(),
                     progress: (Int) -> ProgressReporter? = { _ in nil }) throws -> ScanReport {
        let store = LibraryStore(database: database)
        let known = try store.loadKnownFiles()
        let folders = folderGuard(known)
        let walked = LibraryWalker.walk(folders.walkable)
        var plan = ScanPlan(walked: walked, known: known)
        var report = ScanReport()
        report.dryRun = dryRun
        report.files = walked.count

        let reporter = progress(plan.toRead.count)
        // Two batches ahead: the readers go on while one batch is written.
        let reading = ReadAhead(items: plan.toRead, readers: readers, window: 2 * batchSize, reporter: reporter)
        defer { reading.stop() }
        var pending = plan.immediateChanges
        for range in ScanBatches(count: plan.toRead.count, size: batchSize) {
            if cancellation.isRequested {
                reporter?.finish()
                throw StageInterruption(committed: range.lowerBound, total: plan.toRead.count, unit: "files")
            }
            for (entry, file) in zip(plan.toRead[range], reading.take(range)) {
                pending.append(plan.change(for: entry, inspected: file))
            }
            try commit(&pending, store: store, report: &report, now: now)
        }
        try commit(&pending, store: store, report: &report, now: now)
        reporter?.finish()

        let verdict = folders.judge(vanished: plan.vanishedIDs)
        report.refusals = verdict.refusals
        report.missing = verdict.missingIDs.count
        report.failed = plan.failed
        report.tagProblems = plan.tagProblems
        let purgeBefore = now.addingTimeInterval(-Double(purgeMissingDays) * 86_400)
        if dryRun {
            report.purged = known.tracks.values.filter { ($0.missingSince ?? .distantFuture) <= purgeBefore }.count
        } else {
            report.purged = try store.finish(missingIDs: verdict.missingIDs, purgeBefore: purgeBefore,
                                             keepFailures: plan.failingPaths, knownFailures: Array(known.failures.keys),
                                             devices: verdict.devices, retagged: report.changed + report.moved > 0, at: now)
        }
        return report
    }

    /// What the next scan would do, from a walk alone (a stat per file, nothing read).
    public func pendingWork(database: AppDatabase) throws -> [String] {
        let known = try LibraryStore(database: database).loadKnownFiles()
        let folders = folderGuard(known)
        let plan = ScanPlan(walked: LibraryWalker.walk(folders.walkable), known: known)
        let toIdentify = plan.toRead.filter(\.unchanged).count
        let changed = plan.toRead.filter { $0.knownTrackID != nil }.count - toIdentify
        var lines = folders.refusalsBeforeWalking
        if plan.toRead.count > toIdentify {
            lines.append("\(plan.toRead.count - changed - toIdentify) new and \(changed) changed files to read")
        }
        if toIdentify > 0 {
            lines.append("\(toIdentify) unchanged files to identify by their audio (once, after an upgrade)")
        }
        if !plan.vanishedIDs.isEmpty {
            lines.append("\(plan.vanishedIDs.count) tracks whose files are gone (moved or missing)")
        }
        let missing = known.tracks.values.filter { $0.missingSince != nil }.count
        if missing > 0 {
            lines.append("\(missing) tracks missing, purged \(purgeMissingDays) days after they went missing")
        }
        return lines
    }

    private func folderGuard(_ known: KnownFiles) -> FolderGuard {
        FolderGuard(folders: musicDirs.map(MusicFolder.init), known: known, maxVanishFraction: maxVanishFraction,
                    acceptVanished: acceptVanished)
    }

    /// Counts, logs and (unless a dry run) writes `changes` in one transaction, then empties them.
    private func commit(_ changes: inout [ScanChange], store: LibraryStore, report: inout ScanReport, now: Date) throws {
        report.count(changes)
        log(changes)
        if !dryRun {
            try store.write(changes, at: now)
        }
        changes.removeAll()
    }

    private func log(_ changes: [ScanChange]) {
        guard let logger, logger.logLevel <= .debug else { return }
        for change in changes {
            switch change {
            case let .add(path, _, _, inferred): logger.debug("added \(oneLine(path))\(inferred ? " (tags inferred from the path)" : "")")
            case let .update(_, path, _, _, _, change):
                let what = switch change {
                case .audio: "changed"
                case .tags: "retagged"
                case .none: "identified"
                }
                logger.debug("\(what) \(oneLine(path))")
            case let .move(id, path, _, _, _): logger.debug("moved track \(id) to \(oneLine(path))")
            case let .restore(id): logger.debug("track \(id) is back")
            case let .failure(path, kind, reason, _, _, _): logger.debug("\(oneLine(path)): \(kind.rawValue): \(reason)")
            }
        }
    }

    /// A path with line breaks escaped, so that one log line stays one line.
    private func oneLine(_ path: String) -> String {
        path.replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
    }
}
