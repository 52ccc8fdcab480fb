import ArgumentParser
import SegueCore
import SegueScan

@main
struct SegueScanCommand: StageCommand {
    static let stageName = "scan"
    static let configuration = CommandConfiguration(
        commandName: "segue-scan",
        abstract: "Scan the music folders into the database.",
        discussion: """
            Reads only new and changed files (same size and mtime: a stat only), keeps a moved or \
            retagged file's identity (its audio), marks vanished files missing (purged after \
            library.purge_missing_days) and records every file it cannot use in scan_failures with a \
            one-line reason. A music folder that cannot be read, is on another filesystem than at the \
            last scan, or lost more than library.max_vanish_fraction of its files at once looks \
            unmounted: nothing in it is marked missing and the scan exits 75.
            """)

    @OptionGroup(title: "Common options")
    var common: CommonOptions

    @Flag(help: "Show what would change without writing anything.")
    var dryRun = false

    @Flag(help: "The files gone since the last scan were deleted: mark them missing even where the folder looks unmounted.")
    var acceptVanished = false

    var isDryRun: Bool { dryRun }

    func execute(_ context: StageContext) throws -> StageOutcome {
        MallocTuning.keepFreedMemory()
        let report = try LibraryScanner(context: context, acceptVanished: acceptVanished).scan(database: context.database) { total in
            total > 0 ? context.progress(label: "reading", total: total) : nil
        }
        return StageOutcome(status: report.refusals.isEmpty ? .ok : .temporary, counts: report.counts, summary: report.summary)
    }

    func pendingWork(_ context: StageContext) throws -> [String] {
        try LibraryScanner(context: context).pendingWork(database: context.database)
    }
}
