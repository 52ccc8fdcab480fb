import Foundation

/// The whole of `config.yaml`, one section per concern.
///
/// No file at all is fine: every key has a default, and the music folder comes from
/// `SEGUE_MUSIC_DIR` (set by `make all MUSIC=PATH`), else `~/Music`.
public struct SegueConfig: Sendable {
    public var library: LibraryConfig
    public var analysis: AnalysisConfig
    public var genres: GenresConfig
    public var history: HistoryConfig
    public var index: IndexConfig
    public var playlists: PlaylistsConfig
    public var players: PlayersConfig
    /// The file the values came from, or nil when defaults apply.
    public var sourcePath: String?

    public static let defaultPath = "config.yaml"

    /// Reads the configuration.
    /// - Parameter explicitPath: a file named with `--config`; it must exist. Without one,
    ///   `./config.yaml` is read when present and defaults apply otherwise.
    public static func load(explicitPath: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigError) -> SegueConfig {
        let path = explicitPath ?? defaultPath
        guard FileManager.default.fileExists(atPath: path) else {
            if explicitPath != nil { throw .fileNotFound(path: path) }
            return try parse(yaml: "", filePath: nil, environment: environment)
        }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .unreadable(path: path, reason: error.localizedDescription)
        }
        return try parse(yaml: text, filePath: path, environment: environment)
    }

    public static func parse(yaml: String, filePath: String?, environment: [String: String]) throws(ConfigError) -> SegueConfig {
        let reader = try ConfigReader(yaml: yaml, filePath: filePath ?? "(defaults)", environment: environment)
        let config = try read(reader, filePath: filePath, environment: environment)
        try reader.rejectUnknownKeys()
        return config
    }

    /// Reads every section through `reader`, which learns every key there is.
    static func read(_ reader: ConfigReader, filePath: String?, environment: [String: String]) throws(ConfigError) -> SegueConfig {
        var config = SegueConfig(
            library: try LibraryConfig(reader, environment: environment),
            analysis: try AnalysisConfig(reader),
            genres: try GenresConfig(reader),
            history: try HistoryConfig(reader),
            index: try IndexConfig(reader),
            playlists: try PlaylistsConfig(reader),
            players: try PlayersConfig(reader),
            sourcePath: filePath)
        let players = Set(config.players.subsonic.map(\.name) + config.players.jellyfin.map(\.name) + config.players.mpd.map(\.name))
        for definition in config.playlists.definitions {
            guard let server = definition.seedServerPlaylist, !players.contains(server.player) else { continue }
            throw .invalidValue(path: reader.filePath, key: "playlists.definitions[].seed_playlist.player",
                                reason: "names '\(server.player)', which is not a configured player (playlist '\(definition.name)')")
        }
        // Without the embedding, embeddings left from earlier runs must not weigh in either.
        if config.analysis.embedding == .off {
            config.index.groupWeights.embedding = 0
        }
        return config
    }
}
