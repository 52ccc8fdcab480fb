import SegueAudio

/// One write a scan makes for one file.
enum ScanChange: Sendable {
    /// A new track.
    case add(path: String, file: FileFacts, tags: TrackTags, inferred: Bool)
    /// The file at a known track's path was read again: new tags, and the analysis marked
    /// stale when its audio changed.
    case update(trackID: Int64, path: String, file: FileFacts, tags: TrackTags, inferred: Bool, change: FileChange)
    /// A known track's file found at a new path: same identity, features and history.
    case move(trackID: Int64, path: String, file: FileFacts, tags: TrackTags, inferred: Bool)
    /// A track missing since an earlier scan is back, unchanged, at its path.
    case restore(trackID: Int64)
    /// A file that cannot be scanned (or whose tags needed cleaning): its `scan_failures`
    /// row; `trackID` when the file was a track, now unusable and so marked missing.
    case failure(path: String, kind: ScanProblem, reason: String, size: Int?, mtime: Double?, trackID: Int64?)
}

/// What changed in a file found again at a known track's path.
enum FileChange: Sendable {
    /// Other audio (re-encoded, replaced): analysed again.
    case audio
    /// The same audio with other tags or cover art: the analysis stays.
    case tags
    /// Nothing: read only to identify it by its audio, its fingerprint being older.
    case none
}

/// Size, mtime and audio identity of a scanned file.
struct FileFacts: Sendable {
    var size: Int
    var mtime: Double
    var fingerprint: String?
}
