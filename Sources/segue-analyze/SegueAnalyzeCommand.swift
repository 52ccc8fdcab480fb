import ArgumentParser
import SegueAnalysis
import SegueCore

struct SegueAnalyzeCommand: StageCommand {
    static let stageName = "analyze"
    static let configuration = CommandConfiguration(
        commandName: "segue-analyze",
        abstract: "Measure the sound of every track without features of the current version.",
        discussion: """
            Decodes the beginning, middle and end of each track (analysis.segment_seconds each; the \
            whole track with analysis.mode: full) and stores tempo, key, loudness, energy and the \
            feature vector. Killed at any point, a rerun resumes from the last committed batch. \
            Tracks that fail (undecodable, truncated, too short, silent, a decoder that crashes or \
            runs past analysis.track_timeout_seconds) are recorded and skipped until their file \
            changes.
            """)

    @OptionGroup(title: "Common options")
    var common: CommonOptions

    @Option(help: ArgumentHelp("Worker processes: a number, or 'auto' for one per core (default: analysis.workers).",
                               valueName: "n|auto"))
    var workers: String?

    @Option(help: ArgumentHelp("Analyse at most this many tracks.", valueName: "n"))
    var limit: Int?

    @Flag(help: "Analyse every present track again, even those with current features.")
    var force = false

    @Flag(help: "Also retry tracks whose earlier analysis failed, although their file did not change.")
    var retryFailed = false

    @Flag(help: "Say what would be analysed and how long it would take; change nothing.")
    var dryRun = false

    var isDryRun: Bool { dryRun }

    func validate() throws {
        if let workers, WorkerCount(argument: workers) == nil {
            throw ValidationError(AnalysisError.invalidWorkers(workers).message)
        }
        if let limit, limit < 1 {
            throw ValidationError("--limit must be at least 1, found \(limit)")
        }
    }

    func execute(_ context: StageContext) throws -> StageOutcome {
        let options = AnalyzeOptions(workers: workers.flatMap(WorkerCount.init(argument:)), limit: limit,
                                     force: force, retryFailed: retryFailed)
        return try AnalyzeStage(context: context, options: options).run()
    }

    func pendingWork(_ context: StageContext) throws -> [String] {
        try AnalyzeStage(context: context, options: AnalyzeOptions()).pendingWork()
    }
}
