/// A file's tags and audio properties exactly as TagLib reported them, before cleaning.
public struct RawTags: Sendable, Equatable {
    /// TagLib property map: upper-case key → values, in file order.
    public var properties: [String: [String]]
    public var lengthMs: Int
    public var bitrate: Int
    public var sampleRate: Int
    public var channels: Int
    public var codec: String

    public init(properties: [String: [String]], lengthMs: Int, bitrate: Int, sampleRate: Int, channels: Int, codec: String) {
        self.properties = properties
        self.lengthMs = lengthMs
        self.bitrate = bitrate
        self.sampleRate = sampleRate
        self.channels = channels
        self.codec = codec
    }
}
