import Foundation

/// `checkpoints/analyze.json`, rewritten after every batch: how far this run has got.
struct AnalyzeProgress: Encodable {
    var runID: Int64?
    var startedAt: Date
    var updatedAt: Date
    var workers: Int
    /// Tracks committed, of `total` this run set out to do.
    var done: Int
    var total: Int
    var analysed: Int
    var failed: Int
    var failures: [String: Int]
    var tracksPerSecond: Double
    var etaSeconds: Double?

    enum CodingKeys: String, CodingKey {
        case runID = "run_id", startedAt = "started_at", updatedAt = "updated_at", workers, done, total
        case analysed, failed, failures, tracksPerSecond = "tracks_per_second", etaSeconds = "eta_seconds"
    }
}
