import Foundation

/// `library.*`: where the music is and where Segue keeps its state.
public struct LibraryConfig: Sendable {
    /// Folders scanned for music; several are allowed.
    public var musicDirs: [String]
    /// The SQLite database shared by every stage.
    public var database: String
    /// Stamps, progress and locks, when set; otherwise `checkpoints/` beside the database.
    public var explicitCheckpointsDir: String?
    /// Days a vanished file's row (and its history) is kept before it is purged.
    public var purgeMissingDays: Int
    /// Files `segue-scan` reads per write transaction: a kill loses at most one batch.
    public var batchSize: Int
    /// The share of a folder's known tracks that may vanish in one scan before the scan takes
    /// the folder for an unmounted disk and marks none of them missing.
    public var maxVanishFraction: Double

    public static let defaultDatabase = "segue.db"
    public static let defaultPurgeMissingDays = 30
    public static let defaultMaxVanishFraction = 0.5

    init(_ reader: ConfigReader, environment: [String: String]) throws(ConfigError) {
        let fallbackMusic = environment["SEGUE_MUSIC_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "~/Music"
        musicDirs = try reader.paths("library.music_dirs", default: [ConfigReader.expandTilde(fallbackMusic, environment: environment)])
        if musicDirs.isEmpty {
            throw .invalidValue(path: reader.filePath, key: "library.music_dirs", reason: "must name at least one folder")
        }
        database = try reader.path("library.database", default: Self.defaultDatabase)
        explicitCheckpointsDir = try reader.optionalPath("library.checkpoints_dir")
        purgeMissingDays = try reader.int("library.purge_missing_days", default: Self.defaultPurgeMissingDays, range: 0...36500)
        batchSize = try reader.int("library.batch_size", default: 500, range: 1...100_000)
        maxVanishFraction = try reader.double("library.max_vanish_fraction", default: Self.defaultMaxVanishFraction, range: 0...1)
    }

    /// Stamps, progress and locks: `checkpoints/` in the database's folder unless set, so a
    /// `--db` elsewhere keeps its stamps with it.
    public var checkpointsDir: String {
        if let explicitCheckpointsDir { return explicitCheckpointsDir }
        let folder = (database as NSString).deletingLastPathComponent
        return folder.isEmpty ? "checkpoints" : (folder as NSString).appendingPathComponent("checkpoints")
    }
}
