import Foundation
import Logging
import SegueCore
import SegueHTTP

/// The players' playlists that seed playlist definitions (`seed_playlist: {player: NAME,
/// name: TITLE}`), read at the start of `segue-export` and mapped to library tracks the way
/// a push maps tracks to songs, the other way round (`LibraryTrackFinder`). Each playlist is
/// asked for once, however many definitions it seeds. A player that cannot be reached costs
/// only the definitions it seeds and makes the night temporary (exit 75); a player without a
/// playlist of that name is reported and the night goes on.
public struct ServerSeedPlaylists {
    public struct Outcome: Sendable {
        /// Library paths of each definition's seed playlist entries, in playlist order, by definition name.
        public var paths: [String: [String]] = [:]
        /// Why a definition's seed playlist gave nothing, one line each, by definition name.
        public var problems: [String: String] = [:]
        /// Entries the library does not hold, one line per playlist.
        public var notices: [String] = []
        /// Players that could not be reached or refused us, with why, by player name.
        public var unreachable: [String: String] = [:]

        public init() {}

        /// A player that could not be reached makes the run temporary, named in the summary.
        public func apply(to outcome: StageOutcome) -> StageOutcome {
            guard !unreachable.isEmpty else { return outcome }
            var result = outcome
            result.status = .temporary
            result.summary += "; seed playlists not read from " + unreachable.keys.sorted().joined(separator: ", ") + ", rerun later"
            return result
        }
    }

    let config: SegueConfig
    let store: PlayerStore
    let logger: Logger

    public init(config: SegueConfig, database: AppDatabase, logger: Logger) {
        self.config = config
        store = PlayerStore(database: database)
        self.logger = logger
    }

    /// Reads every definition's player playlist; a dry run asks no player, so those
    /// definitions get no seeds from one.
    public func read(dryRun: Bool) -> Outcome {
        var outcome = Outcome()
        let wanted = config.playlists.definitions.compactMap { definition in definition.seedServerPlaylist.map { (definition.name, $0) } }
        guard !wanted.isEmpty else { return outcome }
        if dryRun {
            for (definition, source) in wanted {
                outcome.problems[definition] = "seed_playlist '\(source.name)' on \(source.player) is not read in a dry run, which asks no player"
            }
            return outcome
        }
        let clients = PlayerServers(config: config, store: store, logger: logger)
        let idBased = clients.idBased()
        var read: [PlaylistsConfig.ServerPlaylist: Result<[String]?, Failure>] = [:]
        for (definition, source) in wanted {
            let label = "seed_playlist '\(source.name)' on \(source.player)"
            if read[source] == nil {
                do {
                    read[source] = .success(try paths(of: source, label: label, idBased: idBased, clients: clients, notices: &outcome.notices))
                } catch {
                    read[source] = .failure(error)
                }
            }
            switch read[source]! {
            case let .success(paths?): outcome.paths[definition] = paths
            case .success(nil): outcome.problems[definition] = "\(label): the player has no playlist of that name"
            case let .failure(.unreachable(reason)):
                outcome.unreachable[source.player] = reason
                outcome.problems[definition] = "\(label) cannot be read: \(reason)"
            case let .failure(.refused(reason)):
                outcome.problems[definition] = "\(label) cannot be read: \(reason)"
            }
        }
        return outcome
    }

    enum Failure: Error {
        /// The player is down or refuses our login: try again later.
        case unreachable(String)
        /// The player or the database refused this one request.
        case refused(String)
    }

    /// The library paths of the playlist's entries; nil when the player has no playlist of that name.
    private func paths(of source: PlaylistsConfig.ServerPlaylist, label: String, idBased: [(server: any PlaylistServer, paths: PathMapper)],
                       clients: PlayerServers, notices: inout [String]) throws(Failure) -> [String]? {
        let songs: [RemoteSong]?
        let mapper: PathMapper
        do {
            if let client = idBased.first(where: { $0.server.name == source.player }) {
                mapper = client.paths
                songs = try client.server.entries(ofPlaylistNamed: source.name)
            } else if let mpd = config.players.mpd.first(where: { $0.name == source.player }) {
                mapper = clients.mapper(mpd.pathMap, relative: true)
                songs = try MPDPlaylistReader(config: mpd, timeoutSeconds: config.players.http.timeoutSeconds).entries(ofPlaylistNamed: source.name)
            } else {
                // The configuration checks every seed_playlist's player.
                throw Failure.refused("no player named \(source.player)")
            }
        } catch let failure as Failure {
            throw failure
        } catch let error as ServiceError {
            if case .givenUp = error { throw .unreachable(RemotePush.reason(error)) }
            throw .refused(RemotePush.reason(error))
        } catch let failure as MPDConnection.Failure {
            switch failure {
            case let .connect(reason), let .io(reason): throw .unreachable(reason)
            }
        } catch let failure as MPDPushFailure {
            switch failure {
            case let .refused(reason): throw .unreachable(reason)
            }
        } catch {
            throw .refused("\(error)")
        }
        guard let songs else { return nil }
        let finder = LibraryTrackFinder(store: store, paths: mapper)
        var found: [String] = []
        for song in songs {
            do {
                if let path = try finder.path(of: song) { found.append(path) }
            } catch {
                throw .refused("database error: \(error)")
            }
        }
        if found.count < songs.count {
            notices.append("\(label): \(songs.count - found.count) of its \(songs.count) entries are not in the library")
        }
        return found
    }
}
