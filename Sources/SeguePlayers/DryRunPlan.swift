/// What a push would do, from what was pushed before and the cached library, without asking
/// the player: new, replaced, unchanged and deleted playlists, and tracks it does not know.
/// A playlist counts as unchanged when its fingerprint and comment equal what was pushed, the
/// same test the push makes before sending anything.
struct DryRunPlan {
    /// How the player names a playlist's entries, and so what the push fingerprints.
    enum Entries {
        /// Song ids from the player's library (Subsonic, Jellyfin).
        case songIDs
        /// Paths as the player sees them (MPD).
        case paths
    }

    let server: String
    let entries: Entries
    let store: PlayerStore
    let paths: PathMapper

    func outcome(_ playlists: [PlayerPlaylist], tracks: [Int64: PlayerTrack], removeUndefined: Bool, keeping: Set<String> = []) throws -> PushOutcome {
        var outcome = PushOutcome(player: server)
        outcome.dryRun = true
        let pushed = try store.pushed(server: server)
        let mapsByID = (try store.state(server: server))?.songCount ?? 0 > 0
        var matcher = TrackMatcher(server: server, store: store, paths: paths)
        for playlist in playlists {
            let lines: [String]?
            switch entries {
            case .songIDs:
                // Without a cached library the push lists it first: what it will send is unknown.
                guard mapsByID else { lines = nil; break }
                let songs = try matcher.songIDs(for: playlist.trackIDs, tracks: tracks)
                outcome.unknownTracks += songs.unknown
                lines = songs.ids
            case .paths:
                lines = playlist.trackIDs.compactMap { tracks[$0].map { paths.map($0.path) } }
            }
            guard let previous = pushed[playlist.name] else {
                outcome.created += 1
                continue
            }
            let digest = lines.map { PlayerPlaylist.digest([playlist.name] + $0) }
            let commentKept = entries == .paths || previous.comment == playlist.comment
            if digest == previous.digest, commentKept { outcome.unchanged += 1 } else { outcome.replaced += 1 }
        }
        if removeUndefined {
            outcome.deleted = Set(pushed.keys).subtracting(playlists.map(\.name)).subtracting(keeping).count
        }
        return outcome
    }
}
