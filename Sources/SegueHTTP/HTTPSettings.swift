/// What every request of a run shares: who we are and how long we wait.
public struct HTTPSettings: Sendable {
    /// `Segue/0.1 ( contact )`, as MusicBrainz asks of every client.
    public var userAgent: String
    public var connectTimeoutSeconds: Double
    public var timeoutSeconds: Double
    public var maxResponseBytes: Int

    public static let version = "0.1"

    public init(contact: String, connectTimeoutSeconds: Double = 10, timeoutSeconds: Double = 30,
                maxResponseBytes: Int = 16_000_000) {
        userAgent = "Segue/\(Self.version) ( \(contact) )"
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.timeoutSeconds = timeoutSeconds
        self.maxResponseBytes = maxResponseBytes
    }
}
