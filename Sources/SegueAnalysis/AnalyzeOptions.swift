/// What one `segue-analyze` invocation was asked to do, beyond the configuration.
public struct AnalyzeOptions: Sendable {
    /// Overrides `analysis.workers` when set.
    public var workers: WorkerCount?
    /// Analyse at most this many tracks.
    public var limit: Int?
    /// Analyse every present track again, current or not.
    public var force: Bool
    /// Try again the tracks whose earlier failure was recorded, although their file did not change.
    public var retryFailed: Bool

    public init(workers: WorkerCount? = nil, limit: Int? = nil, force: Bool = false, retryFailed: Bool = false) {
        self.workers = workers
        self.limit = limit
        self.force = force
        self.retryFailed = retryFailed
    }
}
