/// What the container says about an opened file's audio stream.
public struct AudioInfo: Sendable, Equatable {
    /// The stream's length in seconds as declared, or nil when the container does not say.
    public var declaredSeconds: Double?
    public var sampleRate: Int
    public var channels: Int
    /// FFmpeg's codec name, e.g. `mp3`, `flac`, `alac`.
    public var codec: String
}
