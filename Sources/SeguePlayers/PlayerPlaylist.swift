import SegueCore

/// One of tonight's playlists as the players receive it: a name, a comment saying what it is,
/// and its tracks in order (Segue's `tracks.id`).
public struct PlayerPlaylist: Sendable, Equatable {
    public var name: String
    public var comment: String
    public var trackIDs: [Int64]

    public init(name: String, comment: String, trackIDs: [Int64]) {
        self.name = name
        self.comment = comment
        self.trackIDs = trackIDs
    }

    /// What was pushed, fingerprinted (SHA-256 of the lines), so an unchanged playlist is not sent again.
    static func digest(_ lines: [String]) -> String {
        var digest = SHA256Digest()
        for line in lines {
            digest.update(UInt64(line.utf8.count))
            digest.update(line)
        }
        return digest.finalizeHex()
    }
}
