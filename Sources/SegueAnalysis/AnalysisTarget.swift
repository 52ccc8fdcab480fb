import GRDB
import SegueCore

/// Where a run of the analysis finds its work and puts its results: the library's database, or
/// a shard's own file (`segue-analyze --shard`), which holds the same tables for the tracks of
/// its shard. The selection, the in-flight marks and the batch commit are the same code for
/// both; only the database behind them differs.
struct AnalysisTarget: Sendable {
    var store: AnalysisStore
    var marks: InFlightMarks
    /// The file named in errors.
    var path: String
    /// Stored as `sonic_features.run_id`, and marks the tracks in this run's hands.
    var runID: Int64?
    /// Whether the run keeps `checkpoints/analyze.json` up to date (the library's runs only:
    /// the shards of a cluster run would all write the one file).
    var reportsProgress: Bool

    init(database: any DatabaseWriter, path: String, runID: Int64?, reportsProgress: Bool) {
        store = AnalysisStore(database: database)
        marks = InFlightMarks(database: database)
        self.path = path
        self.runID = runID
        self.reportsProgress = reportsProgress
    }

    /// The library's own database, as `segue-analyze` analyses it on one machine.
    static func library(_ context: StageContext) -> AnalysisTarget {
        AnalysisTarget(database: context.database.pool, path: context.database.path, runID: context.runID, reportsProgress: true)
    }
}
