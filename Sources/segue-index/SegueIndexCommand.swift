import ArgumentParser
import SegueCore
import SegueIndex

@main
struct SegueIndexCommand: StageCommand {
    static let stageName = "index"
    static let configuration = CommandConfiguration(
        commandName: "segue-index",
        abstract: "Build the similarity index: normalized sound vectors, genre space and neighbour graph.",
        discussion: "Does nothing when the features, genres and index.* settings are unchanged since the last build.")

    @OptionGroup(title: "Common options")
    var common: CommonOptions

    @Flag(name: .long, help: "Rebuild even when the inputs are unchanged.")
    var force = false

    @Flag(name: .long, help: "Only tell whether the index would be rebuilt.")
    var dryRun = false

    var isDryRun: Bool { dryRun }

    func execute(_ context: StageContext) throws -> StageOutcome {
        let builder = IndexBuilder(database: context.database, settings: IndexSettings(config: context.config.index),
                                   logger: context.logger, cancellation: context.cancellation)
        let report = try builder.run(force: force, dryRun: dryRun, progress: context.progress(label:total:))
        return StageOutcome(counts: report.counts, summary: report.summary)
    }

    func pendingWork(_ context: StageContext) throws -> [String] {
        let builder = IndexBuilder(database: context.database, settings: IndexSettings(config: context.config.index))
        let report = try builder.run(dryRun: true, progress: { _, _ in nil })
        return report.state == .upToDate ? [] : ["features, genres or index settings changed: the index will be rebuilt"]
    }
}
