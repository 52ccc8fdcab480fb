import Foundation
import GRDB
import SegueCore

/// The extra output sets of `playlists.profiles`: every playlist written again in each
/// profile's folder, formats and paths. The files written are recorded per playlist, so a
/// later run replaces or removes only those.
struct ProfileFiles {
    let sets: [PlaylistFiles]
    let database: AppDatabase

    init(config: SegueConfig, database: AppDatabase) {
        sets = config.playlists.profiles.map { profile in
            PlaylistFiles(outputDir: profile.outputDir, formats: profile.formats,
                          paths: EntryPaths(style: profile.pathStyle, outputDir: profile.outputDir, musicDirs: config.library.musicDirs,
                                            prefixFrom: profile.pathPrefixFrom, prefixTo: profile.pathPrefixTo))
        }
        self.database = database
    }

    /// The files written for each playlist by earlier runs.
    func owned() throws -> [String: [String]] {
        try database.pool.read { db in
            var result: [String: [String]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT playlist_name, path FROM playlist_profile_files ORDER BY path") {
                result[row["playlist_name"], default: []].append(row["path"])
            }
            return result
        }
    }

    func removeLeftoverTemporaries() {
        for files in sets { files.removeLeftoverTemporaries() }
    }

    /// Writes `result` in every profile and records the files; returns their paths.
    func write(_ result: PlaylistResult, fileName: String, owned: Set<String>, date: Date, skipped: inout [String]) throws -> [String] {
        var paths: [String] = []
        for files in sets {
            paths += try files.write(result, fileName: fileName, owned: owned, date: date, skipped: &skipped).all
        }
        try database.pool.write { db in
            try db.execute(sql: "DELETE FROM playlist_profile_files WHERE playlist_name = ?", arguments: [result.name])
            for path in paths {
                try db.execute(sql: "INSERT OR REPLACE INTO playlist_profile_files (path, playlist_name) VALUES (?, ?)",
                               arguments: [path, result.name])
            }
        }
        return paths
    }

    func forget(_ name: String) throws {
        try database.pool.write { db in
            try db.execute(sql: "DELETE FROM playlist_profile_files WHERE playlist_name = ?", arguments: [name])
        }
    }
}
