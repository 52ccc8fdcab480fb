import ArgumentParser
import Foundation
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

            On a cluster, each task runs --shard K/N --output FILE: it analyses the tracks of shard \
            K of N into FILE, reading the database without writing it; --merge FILE… then brings \
            the shard files into the database (see cluster/segue-analyze.sbatch).
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

    @Option(help: ArgumentHelp("Analyse only shard K of N (1 ≤ K ≤ N) into the file --output names, reading the database without writing it.",
                               valueName: "K/N"))
    var shard: String?

    @Option(help: ArgumentHelp("The shard's own file (with --shard); a rerun resumes from it.", valueName: "file"))
    var output: String?

    @Option(parsing: .upToNextOption,
            help: ArgumentHelp("Merge these shard files into the database, one transaction each; merging twice changes nothing.",
                               valueName: "file"))
    var merge: [String] = []

    var isDryRun: Bool { dryRun }

    var readsSnapshot: Bool { shard != nil }

    func validate() throws {
        if let workers, WorkerCount(argument: workers) == nil {
            throw ValidationError(AnalysisError.invalidWorkers(workers).message)
        }
        if let limit, limit < 1 {
            throw ValidationError("--limit must be at least 1, found \(limit)")
        }
        if let shard {
            guard ShardSpec(argument: shard) != nil else {
                throw ValidationError("--shard must be K/N with 1 ≤ K ≤ N, found '\(shard)'")
            }
            guard output != nil else { throw ValidationError("--shard needs --output FILE, the shard's own file") }
        } else if output != nil {
            throw ValidationError("--output goes with --shard K/N")
        }
        if !merge.isEmpty {
            if shard != nil { throw ValidationError("--merge and --shard cannot be used together") }
            if force || retryFailed || limit != nil || workers != nil {
                throw ValidationError("--merge analyses nothing: --force, --retry-failed, --limit and --workers do not apply")
            }
            if let missing = merge.first(where: { !FileManager.default.fileExists(atPath: $0) }) {
                throw ValidationError("--merge: no such file \(missing)")
            }
        }
        if dryRun, shard != nil || !merge.isEmpty {
            throw ValidationError("--dry-run cannot be used with --shard or --merge")
        }
    }

    func execute(_ context: StageContext) throws -> StageOutcome {
        let options = AnalyzeOptions(workers: workers.flatMap(WorkerCount.init(argument:)), limit: limit,
                                     force: force, retryFailed: retryFailed)
        if !merge.isEmpty {
            return try ShardMerge(context: context, files: merge).run()
        }
        if let shard = shard.flatMap(ShardSpec.init(argument:)), let output {
            return try ShardRun(context: context, options: options, shard: shard, output: output).run()
        }
        return try AnalyzeStage(context: context, options: options).run()
    }

    func pendingWork(_ context: StageContext) throws -> [String] {
        try AnalyzeStage(context: context, options: AnalyzeOptions()).pendingWork()
    }
}
