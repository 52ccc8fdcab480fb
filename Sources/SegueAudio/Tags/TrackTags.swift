/// What a music file says about itself: its tags, cleaned, and its audio properties.
public struct TrackTags: Sendable, Equatable {
    public var title: String?
    public var artist: String?
    /// The individual credited artists (`ARTISTS`), when the file lists them.
    public var artists: [String] = []
    public var albumArtist: String?
    public var album: String?
    public var trackNumber: Int?
    public var trackTotal: Int?
    public var discNumber: Int?
    public var discTotal: Int?
    public var year: Int?
    /// The date as written (`2011` or `2011-05-03`), when it held a plausible year.
    public var date: String?
    public var genres: [String] = []
    public var compilation = false
    /// `MUSICBRAINZ_TRACKID`: the recording.
    public var mbRecordingID: String?
    /// `MUSICBRAINZ_RELEASETRACKID`: the track on one release.
    public var mbReleaseTrackID: String?
    /// `MUSICBRAINZ_ARTISTID`: one per credited artist, the primary artist first.
    public var mbArtistIDs: [String] = []
    public var mbAlbumArtistID: String?
    /// `MUSICBRAINZ_ALBUMID`: the release.
    public var mbReleaseID: String?
    public var mbReleaseGroupID: String?
    public var isrc: String?

    public var durationMs: Int?
    public var bitrate: Int?
    public var sampleRate: Int?
    public var channels: Int?
    /// MP3, FLAC, Vorbis, Opus, AAC, ALAC, PCM, AIFF, WMA, APE, WavPack or Musepack.
    public var codec: String?

    /// What sanitation removed or rejected, one entry per problem.
    public var problems: [TagProblem] = []

    public init() {}

    /// Whether the file named no artist, album or title at all (so the path must).
    public var lacksIdentity: Bool {
        title == nil && artist == nil && album == nil
    }
}

/// Something wrong in a file's tags that sanitation took care of.
public enum TagProblem: Sendable, Equatable, CustomStringConvertible {
    /// Control characters were stripped from the value of `key`.
    case controlCharacters(key: String)
    /// The value of `key` was implausible and ignored.
    case absurdValue(key: String, value: String)

    public var description: String {
        switch self {
        case let .controlCharacters(key): "control characters in \(key)"
        case let .absurdValue(key, value): "absurd \(key) '\(value)'"
        }
    }
}
