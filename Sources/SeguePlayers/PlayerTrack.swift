import SegueCore

/// A Segue track as matching sees it: where it is, and what it is when the path does not tell.
struct PlayerTrack: Sendable, Equatable {
    var id: Int64
    var path: String
    var mbRecordingID: String?
    var artist: String
    var album: String
    var title: String
    var durationSeconds: Int?

    var matchKey: String { RemoteSong.matchKey(artist: artist, album: album, title: title) }
}
