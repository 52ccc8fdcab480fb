/// How an HTTP client treats the services of one section (`genres.http`, `players.http`).
public struct HTTPConfig: Sendable {
    public var connectTimeoutSeconds: Double
    public var timeoutSeconds: Double
    public var maxResponseBytes: Int
    /// A host failing this many times in a row is given up for the run.
    public var maxConsecutiveFailures: Int
    /// First retry delay; doubled on each further retry, with jitter.
    public var retryBaseSeconds: Double

    init(_ reader: ConfigReader, prefix: String, maxConsecutiveFailures failures: Int) throws(ConfigError) {
        connectTimeoutSeconds = try reader.double(prefix + ".connect_timeout_seconds", default: 10, range: 0.1...600)
        timeoutSeconds = try reader.double(prefix + ".timeout_seconds", default: 30, range: 0.1...3600)
        maxResponseBytes = try reader.int(prefix + ".max_response_bytes", default: 16_000_000, range: 1024...1_000_000_000)
        maxConsecutiveFailures = try reader.int(prefix + ".max_consecutive_failures", default: failures, range: 1...100)
        retryBaseSeconds = try reader.double(prefix + ".retry_base_seconds", default: 1, range: 0...600)
    }
}
