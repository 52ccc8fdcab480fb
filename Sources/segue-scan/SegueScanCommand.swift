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
            Reads only new and changed files (same size and mtime: a stat only), keeps a moved \
            file's identity, marks vanished files missing (purged after library.purge_missing_days) \
            and records every file it cannot use in scan_failures with a one-line reason.
            """)

    @OptionGroup(title: "Common options")
    var common: CommonOptions

    @Flag(help: "Show what would change without writing anything.")
    var dryRun = false

    var isDryRun: Bool { dryRun }

    func execute(_ context: StageContext) throws -> StageOutcome {
        let report = try LibraryScanner(context: context).scan(database: context.database) { total in
            total > 0 ? context.progress(label: "reading", total: total) : nil
        }
        return StageOutcome(counts: report.counts, summary: report.summary)
    }
}
