/// `playlists.*`: which playlists are written, and where.
public struct PlaylistsConfig: Sendable {
    public var outputDir: String

    init(_ reader: ConfigReader) throws(ConfigError) {
        outputDir = try reader.path("playlists.output_dir", default: "playlists")
    }
}
