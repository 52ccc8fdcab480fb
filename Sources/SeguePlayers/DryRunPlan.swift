/// What a push would do, from what was pushed before and the cached library, without asking
/// the player: new, replaced, unchanged and deleted playlists, and tracks it does not know.
struct DryRunPlan {
    let server: String
    let store: PlayerStore
    let paths: PathMapper

    func outcome(_ playlists: [PlayerPlaylist], tracks: [Int64: PlayerTrack], removeUndefined: Bool, keeping: Set<String> = []) throws -> PushOutcome {
        var outcome = PushOutcome(player: server)
        outcome.dryRun = true
        let pushed = try store.pushed(server: server)
        let mapsByID = (try store.state(server: server))?.songCount ?? 0 > 0
        var matcher = TrackMatcher(server: server, store: store, paths: paths)
        for playlist in playlists {
            if mapsByID {
                outcome.unknownTracks += try matcher.songIDs(for: playlist.trackIDs, tracks: tracks).unknown
            }
            if pushed[playlist.name] == nil { outcome.created += 1 } else { outcome.replaced += 1 }
        }
        if removeUndefined {
            outcome.deleted = Set(pushed.keys).subtracting(playlists.map(\.name)).subtracting(keeping).count
        }
        return outcome
    }
}
