/// `players.*`: the media servers and players tonight's playlists are pushed to, each optional.
///
/// Secrets (`password`, `api_key`) come from the file or, better, from `${ENV_VAR}`; they are
/// never logged.
public struct PlayersConfig: Sendable {
    /// A Segue path prefix and what the player calls the same folder.
    public struct PathMapping: Sendable, Equatable {
        public var from: String
        public var to: String

        public init(from: String, to: String) {
            self.from = from
            self.to = to
        }
    }

    /// A Subsonic or OpenSubsonic server: Navidrome, Gonic, Airsonic, Ampache, Supysonic.
    public struct Subsonic: Sendable {
        public enum Auth: String, CaseIterable, Sendable {
            /// Salt and token (`t = md5(password + salt)`), falling back once to `password` when refused.
            case token
            /// The hex-encoded password (`p=enc:…`), for servers without token support.
            case password
        }

        public var name: String
        /// The server's root; Segue adds `/rest/…`.
        public var baseURL: String
        public var user: String?
        public var password: String?
        /// OpenSubsonic API key, used instead of user and password.
        public var apiKey: String?
        public var auth: Auth
        public var pathMap: [PathMapping]
    }

    public struct Jellyfin: Sendable {
        public var name: String
        public var baseURL: String
        public var apiKey: String
        /// The user who owns the playlists.
        public var user: String
        public var pathMap: [PathMapping]
    }

    public struct MPD: Sendable {
        public var name: String
        public var host: String
        public var port: Int
        public var password: String?
        public var pathMap: [PathMapping]
        /// The playlist to put in the queue after the push (what is playing keeps playing).
        public var queue: String?
    }

    public var subsonic: [Subsonic]
    public var jellyfin: [Jellyfin]
    public var mpd: [MPD]
    public var http: HTTPConfig

    public var isEmpty: Bool { subsonic.isEmpty && jellyfin.isEmpty && mpd.isEmpty }

    init(_ reader: ConfigReader) throws(ConfigError) {
        http = try HTTPConfig(reader, prefix: "players.http", maxConsecutiveFailures: 3)
        var names: Set<String> = []
        func name(_ entry: ConfigReader, _ key: String) throws(ConfigError) -> String {
            let name = try entry.string("name", default: "")
            guard !name.isEmpty else { throw .invalidValue(path: reader.filePath, key: key + "[].name", reason: "is required") }
            guard names.insert(name).inserted else {
                throw .invalidValue(path: reader.filePath, key: key + "[].name", reason: "'\(name)' names two players")
            }
            return name
        }
        subsonic = []
        for entry in try reader.mappings("players.subsonic") {
            let key = "players.subsonic"
            let server = Subsonic(
                name: try name(entry, key), baseURL: try Self.baseURL(entry, key, reader.filePath),
                user: try entry.optionalString("user").flatMap { $0.isEmpty ? nil : $0 },
                password: try entry.optionalString("password").flatMap { $0.isEmpty ? nil : $0 },
                apiKey: try entry.optionalString("api_key").flatMap { $0.isEmpty ? nil : $0 },
                auth: try entry.choice("auth", default: .token), pathMap: try Self.pathMap(entry, key))
            if server.apiKey == nil, server.user == nil || server.password == nil {
                throw .invalidValue(path: reader.filePath, key: key + "[].password",
                                    reason: "player '\(server.name)' needs user and password, or api_key")
            }
            subsonic.append(server)
        }
        jellyfin = []
        for entry in try reader.mappings("players.jellyfin") {
            let key = "players.jellyfin"
            let server = Jellyfin(
                name: try name(entry, key), baseURL: try Self.baseURL(entry, key, reader.filePath),
                apiKey: try entry.string("api_key", default: ""), user: try entry.string("user", default: ""),
                pathMap: try Self.pathMap(entry, key))
            if server.apiKey.isEmpty || server.user.isEmpty {
                throw .invalidValue(path: reader.filePath, key: key + "[].api_key", reason: "player '\(server.name)' needs api_key and user")
            }
            jellyfin.append(server)
        }
        mpd = []
        for entry in try reader.mappings("players.mpd") {
            let key = "players.mpd"
            mpd.append(MPD(
                name: try name(entry, key), host: try entry.string("host", default: "localhost"),
                port: try entry.int("port", default: 6600, range: 1...65535),
                password: try entry.optionalString("password").flatMap { $0.isEmpty ? nil : $0 },
                pathMap: try Self.pathMap(entry, key), queue: try entry.optionalString("queue")))
        }
    }

    private static func baseURL(_ entry: ConfigReader, _ key: String, _ file: String) throws(ConfigError) -> String {
        let url = try entry.string("base_url", default: "")
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            throw .invalidValue(path: file, key: key + "[].base_url", reason: "must be an http:// or https:// URL, found '\(url)'")
        }
        return url.hasSuffix("/") ? String(url.dropLast()) : url
    }

    /// `path_map: [{from: /srv/music, to: /music}]`, longest `from` first so the most specific wins.
    private static func pathMap(_ entry: ConfigReader, _ key: String) throws(ConfigError) -> [PathMapping] {
        var mappings: [PathMapping] = []
        for item in try entry.mappings("path_map") {
            guard let from = try item.optionalPath("from"), !from.isEmpty else {
                throw .invalidValue(path: entry.filePath, key: key + "[].path_map[].from", reason: "is required")
            }
            mappings.append(PathMapping(from: from, to: try item.string("to", default: "")))
        }
        return mappings.sorted { $0.from.count > $1.from.count }
    }
}
