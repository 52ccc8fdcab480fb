import Foundation
import SegueDSP
import SegueEmbedding

/// What a worker hands the writer for one track.
struct TrackOutcome: Sendable {
    enum Result: Sendable {
        /// The embedding is nil with `analysis.embedding: none`.
        case analysed(TrackFeatures, embedding: TrackEmbedding?, seconds: Double)
        case failed(AnalysisFailure)
    }

    var track: PendingTrack
    /// When the file was opened: stored as `analyzed_at`, so a change after it is noticed.
    var startedAt: Date
    var result: Result
}
