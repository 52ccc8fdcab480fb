import Foundation
import Logging
import SegueCore

/// The push step at the end of `segue-export`: tonight's playlists to every configured player,
/// one after the other. A player that is down or refuses us is given up for the night and
/// reported; the others go on, and the playlist files are already written.
public struct PlayerPush {
    let config: SegueConfig
    let store: PlayerStore
    let logger: Logger
    let now: Date

    public init(config: SegueConfig, database: AppDatabase, logger: Logger, now: Date = Date()) {
        self.config = config
        store = PlayerStore(database: database)
        self.logger = logger
        self.now = now
    }

    /// Pushes `playlists`; with `removeUndefined` (a nightly run, not an ad hoc one) the
    /// playlists Segue created before and no longer defines are deleted, but for those named
    /// in `keeping` (defined, and not built tonight). A dry run asks no
    /// player and writes nothing: it compares with what was pushed and the cached libraries.
    public func run(_ playlists: [PlayerPlaylist], removeUndefined: Bool, keeping: Set<String> = [], dryRun: Bool) throws -> [PushOutcome] {
        let players = config.players
        guard !players.isEmpty else { return [] }
        let tracks = try store.tracks(ids: playlists.flatMap(\.trackIDs))
        let clients = PlayerServers(config: config, store: store, logger: logger)
        var outcomes: [PushOutcome] = []
        for (server, paths) in clients.idBased() {
            if dryRun {
                outcomes.append(try DryRunPlan(server: server.name, entries: .songIDs, store: store, paths: paths)
                    .outcome(playlists, tracks: tracks, removeUndefined: removeUndefined, keeping: keeping))
                continue
            }
            try store.register(server: server.name, kind: server is SubsonicServer ? "subsonic" : "jellyfin")
            let outcome = RemotePush(server: server, store: store, paths: paths, now: now).run(playlists, tracks: tracks,
                                                                                                 removeUndefined: removeUndefined, keeping: keeping)
            try store.finish(server: server.name, status: outcome.status, message: outcome.line, at: now)
            outcomes.append(outcome)
        }
        for server in players.mpd {
            let paths = clients.mapper(server.pathMap, relative: true)
            if dryRun {
                outcomes.append(try DryRunPlan(server: server.name, entries: .paths, store: store, paths: paths)
                    .outcome(playlists, tracks: tracks, removeUndefined: removeUndefined, keeping: keeping))
                continue
            }
            try store.register(server: server.name, kind: "mpd")
            let outcome = MPDPush(config: server, store: store, paths: paths, timeoutSeconds: players.http.timeoutSeconds, now: now)
                .run(playlists, tracks: tracks, removeUndefined: removeUndefined, keeping: keeping)
            try store.finish(server: server.name, status: outcome.status, message: outcome.line, at: now)
            outcomes.append(outcome)
        }
        return outcomes
    }

    /// One line per player that was ever pushed to: when, how it ended, what it holds.
    public func status() throws -> [String] {
        let formatter = ISO8601DateFormatter()
        return try store.lastPushes().map { push in
            let when = push.at.map { "last push \(formatter.string(from: $0)) \(push.status ?? "")" } ?? "never pushed"
            return "\(push.name) (\(push.kind)): \(when); \(push.playlists) Segue playlists, \(push.songs) songs mapped"
                + (push.message.map { " — \($0)" } ?? "")
        }
    }
}
