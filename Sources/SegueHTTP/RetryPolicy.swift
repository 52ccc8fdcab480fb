/// When to try a request again, and after how long.
public struct RetryPolicy: Sendable {
    /// A host failing this many times in a row is given up for the run.
    public var maxConsecutiveFailures: Int
    /// Delay before the first retry; doubled for each further one.
    public var baseDelay: Double
    public var maxDelay: Double = 120

    public init(maxConsecutiveFailures: Int = 5, baseDelay: Double = 1) {
        self.maxConsecutiveFailures = maxConsecutiveFailures
        self.baseDelay = baseDelay
    }

    /// Exponential backoff with ±25% jitter, so that clients failing together do not retry
    /// together; a server's `Retry-After` wins when it asks for longer.
    public func delay(attempt: Int, retryAfter: Double?, jitter: Double = Double.random(in: 0.75...1.25)) -> Double {
        let exponential = baseDelay * Double(1 << min(max(attempt - 1, 0), 16)) * jitter
        return min(max(exponential, retryAfter ?? 0), maxDelay)
    }
}
