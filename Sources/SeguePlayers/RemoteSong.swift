import SegueCore

/// A song as a media server names it: its id there, its path as the server sees it, and the
/// tags matching falls back on.
struct RemoteSong: Sendable, Equatable {
    var id: String
    var path: String?
    var mbRecordingID: String?
    var artist: String
    var album: String
    var title: String
    var durationSeconds: Int?

    var matchKey: String { Self.matchKey(artist: artist, album: album, title: title) }

    /// Artist, album and title folded the way the rest of Segue compares names.
    static func matchKey(artist: String, album: String, title: String) -> String {
        [MatchKey.make(ArtistCredit(artist).primary()), MatchKey.make(album), MatchKey.make(title)].joined(separator: "\u{1F}")
    }
}
