import ArgumentParser
import Foundation
import Logging

/// A pipeline stage's command line: parse the flags, then `execute` inside a run that holds
/// the stage lock, is recorded in `stage_runs`, stamps `checkpoints/<stage>.done` on success
/// and maps every error to one line and the exit status of DESIGN.md. SIGINT and SIGTERM
/// reach the stage as `StageContext.cancellation`; a stage stopped by one between batches
/// is recorded as `interrupted`.
public protocol StageCommand: ParsableCommand {
    /// The stage's short name: `scan`, `analyze`, `genres`, `index`, `export`.
    static var stageName: String { get }
    var common: CommonOptions { get }
    /// Whether this invocation must not write anything but the schema.
    var isDryRun: Bool { get }
    /// Whether this invocation only reads the database, as an unchanging snapshot
    /// (`AppDatabase(snapshotOf:)`), and keeps its results in a file of its own (an analysis
    /// shard): it then takes no stage lock, records no run and stamps nothing, so that many
    /// machines may run it at once over a shared filesystem.
    var readsSnapshot: Bool { get }
    func execute(_ context: StageContext) throws -> StageOutcome
    /// One line per kind of work this stage would do on its next run, for `--status`.
    func pendingWork(_ context: StageContext) throws -> [String]
    /// Further lines for `--status` (export: each player's last push).
    func statusDetails(_ context: StageContext) throws -> [String]
}

extension StageCommand {
    public var isDryRun: Bool { false }

    public var readsSnapshot: Bool { false }

    public func pendingWork(_ context: StageContext) throws -> [String] { [] }

    public func statusDetails(_ context: StageContext) throws -> [String] { [] }

    public static var programName: String { "segue-\(stageName)" }

    public static func main() {
        let command: Self
        do {
            let parsed = try parseAsRoot()
            guard let stage = parsed as? Self else {
                // `--help` and `help` parse to the library's own help command.
                print(helpMessage())
                Foundation.exit(0)
            }
            command = stage
        } catch {
            if exitCode(for: error) == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            fail(message(for: error).split(separator: "\n").first.map(String.init) ?? "usage error", status: .usage,
                 hint: "see '\(programName) --help'")
        }
        Foundation.exit(command.runStage().rawValue)
    }

    private static func fail(_ message: String, status: ExitStatus, hint: String? = nil) -> Never {
        Console.writeError("\(programName): error: \(message)" + (hint.map { " (\($0))" } ?? ""))
        Foundation.exit(status.rawValue)
    }

    /// Runs the stage and returns its exit status; never throws.
    func runStage() -> ExitStatus {
        let program = Self.programName
        Console.bootstrap(program: program, verbosity: common.verbosity)
        let logger = Logger(label: program)
        let started = Date()
        let cancellation = StageCancellation.catchingStopSignals()

        var config: SegueConfig
        do {
            config = try SegueConfig.load(explicitPath: common.config)
        } catch {
            return report(error)
        }
        if let db = common.db {
            config.library.database = db
        }

        let checkpoints = Checkpoints(folder: config.library.checkpointsDir)
        if common.showPaths {
            // What pipeline.sh needs to know before it runs the stages.
            let analysis = config.analysis
            print("database=\(config.library.database)")
            print("checkpoints=\(config.library.checkpointsDir)")
            print("analysis.cluster=\(analysis.cluster.rawValue)")
            print("analysis.shard_dir=\(analysis.shardDir(database: config.library.database))")
            print("analysis.slurm.tasks=\(analysis.slurm.tasks)")
            print("analysis.slurm.partition=\(analysis.slurm.partition ?? "")")
            for argument in analysis.slurm.extraArgs {
                print("analysis.slurm.extra_args=\(argument)")
            }
            return .success
        }
        if common.status {
            return showStatus(config: config, checkpoints: checkpoints, logger: logger)
        }
        if readsSnapshot {
            return runOnSnapshot(config: config, checkpoints: checkpoints, logger: logger, started: started,
                                 cancellation: cancellation)
        }
        let lock: StageLock
        let database: AppDatabase
        do {
            lock = try StageLock(path: checkpoints.lockPath(stage: Self.stageName), holder: program)
            database = try AppDatabase(path: config.library.database)
        } catch {
            return report(error)
        }
        defer { lock.release() }

        let runs = StageRunStore(database: database)
        var runID: Int64?
        if !isDryRun {
            do {
                runID = try runs.begin(stage: Self.stageName, at: started)
            } catch {
                return report(RuntimeError.databaseUnavailable(path: database.path, reason: "\(error)"))
            }
        }
        let context = StageContext(stage: Self.stageName, program: program, config: config, database: database,
                                   checkpoints: checkpoints, logger: logger, verbosity: common.verbosity,
                                   dryRun: isDryRun, runID: runID, cancellation: cancellation)
        do {
            let outcome = try execute(context)
            if let runID {
                try runs.finish(runID: runID, status: outcome.status.rawValue,
                                counts: Dictionary(outcome.counts, uniquingKeysWith: { $1 }), message: outcome.summary)
            }
            if outcome.status == .ok, !isDryRun {
                try checkpoints.stamp(stage: Self.stageName)
            }
            return conclude(outcome, started: started)
        } catch {
            if let interruption = (error as? any SegueError)?.interruption {
                Console.writeError("\(program): \(interruption.message)")
                if let runID {
                    try? runs.finish(runID: runID, status: "interrupted",
                                     counts: ["committed": interruption.committed, "total": interruption.total],
                                     message: interruption.message)
                }
                return interruption.exitStatus
            }
            let status = report(error)
            if let runID {
                try? runs.finish(runID: runID, status: status == .temporary ? "temporary" : "failed",
                                 counts: [:], message: Self.describe(error))
            }
            return status
        }
    }

    /// Runs `execute` on the database opened as a snapshot: no lock, no run record, no stamp.
    private func runOnSnapshot(config: SegueConfig, checkpoints: Checkpoints, logger: Logger, started: Date,
                               cancellation: StageCancellation) -> ExitStatus {
        do {
            let database = try AppDatabase(snapshotOf: config.library.database)
            let context = StageContext(stage: Self.stageName, program: Self.programName, config: config, database: database,
                                       checkpoints: checkpoints, logger: logger, verbosity: common.verbosity,
                                       dryRun: isDryRun, runID: nil, cancellation: cancellation)
            return conclude(try execute(context), started: started)
        } catch {
            if let interruption = (error as? any SegueError)?.interruption {
                Console.writeError("\(Self.programName): \(interruption.message)")
                return interruption.exitStatus
            }
            return report(error)
        }
    }

    /// Prints the summary line (unless quiet and ok) and returns the exit status it means.
    private func conclude(_ outcome: StageOutcome, started: Date) -> ExitStatus {
        let seconds = Date().timeIntervalSince(started)
        if common.verbosity != .quiet || outcome.status != .ok {
            print("\(Self.programName): \(outcome.summary) (\(String(format: "%.1f", seconds)) s)")
        }
        return outcome.status == .ok ? .success : .temporary
    }

    /// Prints the stage's stamp, last run and pending work without taking its lock.
    private func showStatus(config: SegueConfig, checkpoints: Checkpoints, logger: Logger) -> ExitStatus {
        let name = Self.stageName.padding(toLength: 8, withPad: " ", startingAt: 0)
        guard FileManager.default.fileExists(atPath: config.library.database) else {
            print("\(name) never run (no database at \(config.library.database))")
            return .success
        }
        do {
            let database = try AppDatabase(path: config.library.database)
            let last = try StageRunStore(database: database).latestRun(stage: Self.stageName)
            let stamp = (try? FileManager.default.attributesOfItem(atPath: checkpoints.stampPath(stage: Self.stageName)))?[.modificationDate] as? Date
            var line = "\(name) "
            if let last {
                let duration = last.finishedAt.map { String(format: "%.1f s", $0.timeIntervalSince(last.startedAt)) } ?? "-"
                line += "last run \(ISO8601DateFormatter().string(from: last.startedAt)) \(last.status) (\(duration))"
                if let message = last.message { line += ": \(message)" }
            } else {
                line += "never run"
            }
            line += stamp.map { "; stamp \(ISO8601DateFormatter().string(from: $0))" } ?? "; no stamp"
            print(line)
            let context = StageContext(stage: Self.stageName, program: Self.programName, config: config, database: database,
                                       checkpoints: checkpoints, logger: logger, verbosity: common.verbosity,
                                       dryRun: true, runID: nil, cancellation: StageCancellation())
            for pending in try pendingWork(context) {
                print("         pending: \(pending)")
            }
            for detail in try statusDetails(context) {
                print("         \(detail)")
            }
            return .success
        } catch {
            return report(error)
        }
    }

    private func report(_ error: any Error) -> ExitStatus {
        Console.writeError("\(Self.programName): error: \(Self.describe(error))")
        return (error as? any SegueError)?.exitStatus ?? .failure
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? any SegueError { return error.message }
        return String(describing: error).split(separator: "\n").first.map(String.init) ?? "unknown error"
    }
}
