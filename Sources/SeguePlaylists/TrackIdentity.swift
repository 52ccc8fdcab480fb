/// What tells two library files apart as recordings: their ids, who and what they are, how
/// long they last, and how good a copy each is.
public struct TrackIdentity: Sendable, Equatable {
    public var id: Int64
    /// `TrackInfo.artistKey`: the primary artist's match key.
    public var artistKey: String
    public var title: String
    public var durationSeconds: Double?
    /// MusicBrainz recording id.
    public var recordingID: String?
    public var isrc: String?
    /// The codec `segue-scan` read (`FLAC`, `MP3`, …).
    public var codec: String?
    /// kbit/s.
    public var bitrate: Int?

    public init(id: Int64, artistKey: String, title: String, durationSeconds: Double? = nil, recordingID: String? = nil,
                isrc: String? = nil, codec: String? = nil, bitrate: Int? = nil) {
        self.id = id
        self.artistKey = artistKey
        self.title = title
        self.durationSeconds = durationSeconds
        self.recordingID = recordingID
        self.isrc = isrc
        self.codec = codec
        self.bitrate = bitrate
    }

    /// Codecs that keep the audio bit for bit.
    static let losslessCodecs: Set<String> = ["flac", "alac", "pcm", "aiff", "wavpack", "ape", "tta"]

    public var isLossless: Bool {
        codec.map { Self.losslessCodecs.contains($0.lowercased()) } ?? false
    }
}
