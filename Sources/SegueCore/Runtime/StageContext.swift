import Foundation
import Logging

/// Everything a stage body needs: its configuration, the database, the checkpoints folder,
/// a logger, whether it may write, and whether it was asked to stop.
public struct StageContext: Sendable {
    public let stage: String
    public let program: String
    public let config: SegueConfig
    public let database: AppDatabase
    public let checkpoints: Checkpoints
    public let logger: Logger
    public let verbosity: Console.Verbosity
    public let dryRun: Bool
    public let runID: Int64?
    /// Set by SIGINT or SIGTERM; the stage checks it between batches.
    public let cancellation: StageCancellation

    /// A progress reporter following this run's verbosity and terminal.
    public func progress(label: String, total: Int) -> ProgressReporter {
        ProgressReporter(program: program, label: label, total: total, enabled: verbosity != .quiet)
    }
}

/// How a stage body ended when it did not throw.
public struct StageOutcome: Sendable {
    public enum Status: String, Sendable {
        /// Done; item-level failures are in the counts.
        case ok
        /// Part of the work is pending on a service or lock: exit 75, rerun later.
        case temporary
    }

    public var status: Status
    /// Named counts, in the order they are printed and stored.
    public var counts: [(String, Int)]
    /// The one-line summary printed at the end, e.g. "2000 files: 12 added, 3 failed".
    public var summary: String

    public init(status: Status = .ok, counts: [(String, Int)], summary: String) {
        self.status = status
        self.counts = counts
        self.summary = summary
    }
}
