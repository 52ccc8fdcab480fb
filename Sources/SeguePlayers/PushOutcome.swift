/// How one player's push went tonight, told in one line.
public struct PushOutcome: Sendable {
    public var player: String
    public var created = 0
    public var replaced = 0
    public var unchanged = 0
    public var deleted = 0
    /// Playlist entries the player's library does not hold (yet).
    public var unknownTracks = 0
    /// Playlists the player refused, with why.
    public var failures: [String] = []
    /// Set when the player was given up for the night: unreachable, or refusing our login.
    public var givenUp: String?
    public var requests = 0
    public var dryRun = false

    public init(player: String) {
        self.player = player
    }

    public var isTemporaryFailure: Bool { givenUp != nil }

    /// `Navidrome: 8 playlists (2 created, 5 replaced, 1 unchanged), 1 deleted, 3 tracks not in Navidrome's library yet, 11 requests`.
    public var line: String {
        if let givenUp { return "\(player) given up for tonight: \(givenUp)" }
        let verb = dryRun ? "would push" : "pushed"
        var text = "\(player): \(verb) \(created + replaced + unchanged) playlists (\(created) new, \(replaced) replaced, \(unchanged) unchanged)"
        if deleted > 0 { text += ", \(dryRun ? "would delete" : "deleted") \(deleted) no longer defined" }
        if unknownTracks > 0 { text += ", \(unknownTracks) tracks not in \(player)'s library yet" }
        if !failures.isEmpty { text += ", \(failures.count) refused (\(failures.joined(separator: "; ")))" }
        if !dryRun { text += ", \(requests) requests" }
        return text
    }

    var status: String {
        givenUp != nil ? "given up" : failures.isEmpty ? "ok" : "partial"
    }
}
