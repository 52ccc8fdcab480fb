import Logging
import SegueCore
import SegueHTTP

/// The configured players as clients: the id-based servers (Subsonic, Jellyfin) over one
/// HTTP client and retry policy, and each player's path mapping. The push and the seed
/// playlists' reading both go through it, so they reach a player the same way.
struct PlayerServers {
    let config: SegueConfig
    let store: PlayerStore
    let logger: Logger

    /// The Subsonic and Jellyfin servers, in configuration order, each with its path mapping.
    func idBased() -> [(server: any PlaylistServer, paths: PathMapper)] {
        let players = config.players
        let http = HTTPClient(settings: HTTPSettings(
            contact: config.genres.musicbrainz.contact, connectTimeoutSeconds: players.http.connectTimeoutSeconds,
            timeoutSeconds: players.http.timeoutSeconds, maxResponseBytes: players.http.maxResponseBytes))
        let policy = RetryPolicy(maxConsecutiveFailures: players.http.maxConsecutiveFailures, baseDelay: players.http.retryBaseSeconds)
        func host(_ name: String) -> ServiceHost {
            // Players are our own servers: no politeness limit beyond one request at a time.
            ServiceHost(name: name, client: http, requestsPerSecond: 1000, policy: policy, logger: logger)
        }
        var servers: [(server: any PlaylistServer, paths: PathMapper)] = []
        for server in players.subsonic {
            servers.append((SubsonicServer(config: server, host: host(server.name), store: store, logger: logger),
                            mapper(server.pathMap, relative: true)))
        }
        for server in players.jellyfin {
            servers.append((JellyfinServer(config: server, host: host(server.name), store: store), mapper(server.pathMap, relative: false)))
        }
        return servers
    }

    func mapper(_ mappings: [PlayersConfig.PathMapping], relative: Bool) -> PathMapper {
        PathMapper(mappings: mappings, musicDirs: config.library.musicDirs, relativeByDefault: relative)
    }
}
