import Foundation
import SegueHTTP

/// Tonight's playlists onto one id-based server: library brought up to date, tracks mapped,
/// each playlist created once and replaced in place on later nights (its id kept), skipped
/// when unchanged, and the playlists Segue created and no longer defines deleted. Playlists
/// Segue did not create are never touched.
struct RemotePush {
    let server: any PlaylistServer
    let store: PlayerStore
    let paths: PathMapper
    let now: Date

    func run(_ playlists: [PlayerPlaylist], tracks: [Int64: PlayerTrack], removeUndefined: Bool, keeping: Set<String> = []) -> PushOutcome {
        var outcome = PushOutcome(player: server.name)
        do {
            try server.syncLibrary(store: store)
            var matcher = TrackMatcher(server: server.name, store: store, paths: paths)
            let pushed = try store.pushed(server: server.name)
            for playlist in playlists {
                let (ids, unknown) = try matcher.songIDs(for: playlist.trackIDs, tracks: tracks)
                outcome.unknownTracks += unknown
                try refusable(playlist.name, &outcome) { outcome in
                    try push(playlist, ids: ids, previous: pushed[playlist.name], &outcome)
                }
            }
            if removeUndefined {
                let defined = Set(playlists.map(\.name)).union(keeping)
                for (name, previous) in pushed.sorted(by: { $0.key < $1.key }) where !defined.contains(name) {
                    try refusable("deleting \(name)", &outcome) { outcome in
                        try server.delete(id: previous.remoteID)
                        try store.forgetPushed(server: server.name, name: name)
                        outcome.deleted += 1
                    }
                }
            }
        } catch let error as ServiceError {
            outcome.givenUp = Self.reason(error)
        } catch {
            outcome.failures.append("\(error)")
        }
        outcome.requests = server.requestCount
        return outcome
    }

    /// Runs one playlist's part: a request the server refuses is noted and the push goes on;
    /// the server given up ends it.
    private func refusable(_ what: String, _ outcome: inout PushOutcome, _ body: (inout PushOutcome) throws -> Void) throws {
        do {
            try body(&outcome)
        } catch let error as ServiceError {
            guard case let .rejected(_, reason) = error else { throw error }
            outcome.failures.append("\(what): \(reason)")
        }
    }

    /// The songs and the comment are compared apart: the comment is sent only when it changed
    /// (it costs Subsonic a request of its own), and a new comment on the same songs sends
    /// the comment alone.
    private func push(_ playlist: PlayerPlaylist, ids: [String], previous: PlayerStore.Pushed?,
                      _ outcome: inout PushOutcome) throws(ServiceError) {
        let digest = PlayerPlaylist.digest([playlist.name] + ids)
        if let previous {
            let comment = previous.comment == playlist.comment ? nil : playlist.comment
            let kept: Bool
            switch (previous.digest == digest, comment) {
            case (true, nil):
                outcome.unchanged += 1
                return
            case let (true, comment?):
                kept = try server.describe(id: previous.remoteID, comment: comment)
            case (false, _):
                kept = try server.replace(id: previous.remoteID, name: playlist.name, comment: comment, songIDs: ids)
            }
            if kept {
                try record(playlist.name, PlayerStore.Pushed(remoteID: previous.remoteID, digest: digest, comment: playlist.comment))
                outcome.replaced += 1
                return
            }
        }
        let id = try server.create(name: playlist.name, comment: playlist.comment, songIDs: ids)
        try record(playlist.name, PlayerStore.Pushed(remoteID: id, digest: digest, comment: playlist.comment))
        outcome.created += 1
    }

    private func record(_ name: String, _ pushed: PlayerStore.Pushed) throws(ServiceError) {
        do {
            try store.savePushed(server: server.name, name: name, pushed, at: now)
        } catch {
            throw .rejected(url: "", reason: "cannot record the playlist in the database: \(error)")
        }
    }

    static func reason(_ error: ServiceError) -> String {
        switch error {
        case let .givenUp(_, reason): reason
        case let .rejected(url, reason): url.isEmpty ? reason : "\(HTTPClient.redact(url)): \(reason)"
        }
    }
}
