/// Where and how one set of playlist files is written: `playlists.output_dir`, `formats`,
/// `paths` and `path_prefix`, and again for each entry of `playlists.profiles` (one set with
/// library-relative paths for MPD, one with a phone's prefix, one inside the music folder for
/// Navidrome's auto-import…).
public struct OutputProfile: Sendable, Equatable {
    public var outputDir: String
    public var formats: [PlaylistsConfig.Format]
    public var pathStyle: PlaylistsConfig.PathStyle
    /// Rewrites the start of every path for another device, e.g. a phone's mount point.
    public var pathPrefixFrom: String?
    public var pathPrefixTo: String?

    /// Reads the keys under `prefix` (`playlists.` for the main set, nothing inside a
    /// `profiles` entry); `label` is how messages name them.
    init(_ reader: ConfigReader, prefix: String, label: String, defaultDir: String?, defaultFormats: [String]) throws(ConfigError) {
        if let defaultDir {
            outputDir = try reader.path(prefix + "output_dir", default: defaultDir)
        } else {
            guard let dir = try reader.optionalPath(prefix + "output_dir"), !dir.isEmpty else {
                throw .invalidValue(path: reader.filePath, key: label + "output_dir", reason: "is required")
            }
            outputDir = dir
        }
        formats = []
        for raw in try reader.strings(prefix + "formats", default: defaultFormats) {
            guard let format = PlaylistsConfig.Format(rawValue: raw.lowercased()) else {
                throw .invalidValue(path: reader.filePath, key: label + "formats", reason: "must list m3u8, xspf or m3u, found '\(raw)'")
            }
            if !formats.contains(format) { formats.append(format) }
        }
        pathPrefixFrom = try reader.optionalPath(prefix + "path_prefix.from")
        pathPrefixTo = try reader.optionalString(prefix + "path_prefix.to")
        if (pathPrefixFrom == nil) != (pathPrefixTo == nil) {
            throw .invalidValue(path: reader.filePath, key: label + "path_prefix", reason: "needs both 'from' and 'to'")
        }
        // Rewritten paths name another device's folders, so they can only be absolute.
        pathStyle = try reader.choice(prefix + "paths", default: pathPrefixFrom == nil ? .relative : .absolute)
        if pathPrefixFrom != nil, pathStyle != .absolute {
            throw .invalidValue(path: reader.filePath, key: label + "paths", reason: "must be 'absolute' when path_prefix is set")
        }
    }
}
