import Foundation
import SegueCore

/// A Segue track's path as a player names the same file: `path_map` rewrites a prefix; without
/// a matching entry, Subsonic servers and MPD get the path relative to its music folder (how
/// they name songs) and Jellyfin the absolute path (how it names items).
struct PathMapper: Sendable {
    let mappings: [PlayersConfig.PathMapping]
    /// Longest first, so a nested music folder wins over its parent.
    let musicDirs: [String]
    let relativeByDefault: Bool

    init(mappings: [PlayersConfig.PathMapping], musicDirs: [String], relativeByDefault: Bool) {
        self.mappings = mappings.map { .init(from: Self.standardized($0.from), to: $0.to) }.sorted { $0.from.count > $1.from.count }
        self.musicDirs = musicDirs.map(Self.standardized).sorted { $0.count > $1.count }
        self.relativeByDefault = relativeByDefault
    }

    func map(_ trackPath: String) -> String {
        let path = Self.standardized(trackPath)
        for mapping in mappings {
            if let mapped = PathPrefix.rewrite(path, from: mapping.from, to: mapping.to) { return mapped }
        }
        if relativeByDefault {
            for folder in musicDirs {
                if let rest = PathPrefix.remainder(of: path, under: folder), !rest.isEmpty { return rest }
            }
        }
        return path
    }

    /// The Segue paths a player's path for a file may stand for, most likely first: `path_map`
    /// read backwards, the path below each music folder when it is relative, then the path as
    /// the player wrote it.
    func libraryPaths(for playerPath: String) -> [String] {
        var paths: [String] = []
        let relative = !playerPath.hasPrefix("/")
        for mapping in mappings {
            if mapping.to.isEmpty {
                if relative { paths.append(Self.standardized(mapping.from + "/" + playerPath)) }
            } else if let mapped = PathPrefix.rewrite(playerPath, from: mapping.to, to: mapping.from) {
                paths.append(Self.standardized(mapped))
            }
        }
        if relative {
            paths += musicDirs.map { Self.standardized($0 + "/" + playerPath) }
        }
        paths.append(Self.standardized(playerPath))
        return paths
    }

    static func standardized(_ path: String) -> String {
        (path as NSString).standardizingPath
    }
}
