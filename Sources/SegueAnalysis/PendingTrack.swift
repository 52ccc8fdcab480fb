/// A track `segue-analyze` has to measure, and why.
public struct PendingTrack: Sendable, Equatable {
    public enum Cause: String, Sendable, CaseIterable {
        /// No features at all.
        case new
        /// Features of an older `FeatureLayout.version`.
        case outdated
        /// The file changed after it was analysed.
        case changed
        /// An earlier attempt failed; retried because of `--retry-failed`.
        case retry
        /// Current already; redone because of `--force`.
        case forced
    }

    public var id: Int64
    public var path: String
    /// What the scan measured, used when the container does not say.
    public var durationMilliseconds: Int?
    public var cause: Cause
}
