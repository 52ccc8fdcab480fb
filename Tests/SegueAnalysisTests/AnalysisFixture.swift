import Foundation
import GRDB
import SegueCore
import SegueTestSupport

/// A temporary library, database and configuration for running `segue-analyze` end to end.
/// Tracks are inserted as the scan would record them.
final class AnalysisFixture: @unchecked Sendable {
    let folder: TemporaryDirectory
    let library: String
    let databasePath: String
    let configPath: String

    /// The columns a rerun must reproduce exactly.
    static let featureColumns = ["version", "vector", "segment_vectors", "bpm", "musical_key", "mode", "loudness_lufs",
                                 "energy", "bpm_confidence", "key_strength", "loudness_range", "analyzed_seconds"]

    /// - Parameter patches: with a number, the MusiCNN embedding of that many patches per
    ///   window; without, `analysis.embedding: none`, which keeps the other tests quick.
    init(batchSize: Int = 4, segmentSeconds: Double = 5, workers: Int = 2, patches: Int? = nil,
         extraConfig: String = "") throws {
        folder = try TemporaryDirectory(prefix: "segue-analyze")
        library = folder.file("music")
        databasePath = folder.file("state/segue.db")
        configPath = folder.file("config.yaml")
        try FileManager.default.createDirectory(atPath: library, withIntermediateDirectories: true)
        let config = """
            library:
              music_dirs: [\(library)]
              database: \(databasePath)
            analysis:
              batch_size: \(batchSize)
              segment_seconds: \(segmentSeconds)
              workers: \(workers)
            \(Self.embeddingConfig(patches: patches))
            \(extraConfig)
            """
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    /// The `analysis.embedding*` lines, indented under `analysis:`.
    static func embeddingConfig(patches: Int?) -> String {
        guard let patches else { return "  embedding: none" }
        return """
              embedding: musicnn
              embedding_patches_per_window: \(patches)
              embedding_model_dir: \(ModelFiles.musicnn)
            """
    }

    /// A path inside the library folder.
    func file(_ name: String) -> String {
        (library as NSString).appendingPathComponent(name)
    }

    /// A database at `path` holding the same track rows as this fixture's.
    func open(_ path: String? = nil) throws -> AppDatabase {
        try AppDatabase(path: path ?? databasePath)
    }

    /// Records the files as tracks, ids in the given order from 1.
    func addTracks(_ paths: [String], to path: String? = nil) throws {
        let database = try open(path)
        try database.pool.write { db in
            for (index, file) in paths.enumerated() {
                let attributes = try? FileManager.default.attributesOfItem(atPath: file)
                try db.execute(sql: """
                    INSERT INTO tracks (id, path, size, mtime, content_changed_at) VALUES (?, ?, ?, ?, ?)
                    """, arguments: [index + 1, file, (attributes?[.size] as? Int) ?? 0, 0, Date(timeIntervalSince1970: 1_700_000_000)])
            }
        }
    }

    /// Runs `segue-analyze`; `fault` sets `SEGUE_TEST_DECODER_FAULT` (`crash:NAME,hang:NAME`).
    @discardableResult
    func analyze(_ arguments: [String] = [], database path: String? = nil, fault: String? = nil) throws -> ProcessResult {
        try ProcessRunner.runStage("segue-analyze", ["--config", configPath, "--db", path ?? databasePath] + arguments,
                                   environment: Self.environment(fault: fault))
    }

    func start(_ arguments: [String] = [], fault: String? = nil) throws -> RunningProcess {
        try ProcessRunner.start(ProcessRunner.executable("segue-analyze"),
                                ["--config", configPath, "--db", databasePath] + arguments,
                                environment: Self.environment(fault: fault))
    }

    static func environment(fault: String?) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["SEGUE_TEST_DECODER_FAULT"] = fault
        return environment
    }

    /// Every feature row by track id, the columns of `featureColumns`.
    func features(in path: String? = nil) throws -> [Int64: [DatabaseValue]] {
        let columns = Self.featureColumns.joined(separator: ", ")
        return try open(path).pool.read { db in
            var result: [Int64: [DatabaseValue]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT track_id, \(columns) FROM sonic_features") {
                result[row["track_id"]] = Self.featureColumns.map { row[$0] as DatabaseValue }
            }
            return result
        }
    }

    /// Every stored embedding by track id: model, version, the vector's values and the patch count.
    func embeddings(in path: String? = nil) throws -> [Int64: Embedding] {
        try open(path).pool.read { db in
            var result: [Int64: Embedding] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM sonic_embeddings") {
                let blob: Data = row["vector"]
                let values = blob.withUnsafeBytes { raw in
                    (0..<(blob.count / 4)).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))) }
                }
                result[row["track_id"]] = Embedding(model: row["model"], version: row["version"], vector: values, patches: row["patches"])
            }
            return result
        }
    }

    struct Embedding: Equatable {
        var model: String
        var version: Int
        var vector: [Float]
        var patches: Int
    }

    /// `analysis_failures` by track id: kind, reason, attempts.
    func failures() throws -> [Int64: (kind: String, reason: String, attempts: Int)] {
        try open().pool.read { db in
            var result: [Int64: (kind: String, reason: String, attempts: Int)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM analysis_failures") {
                result[row["track_id"]] = (row["kind"], row["reason"], row["attempts"])
            }
            return result
        }
    }

    func scalar<T: DatabaseValueConvertible>(_ sql: String, in path: String? = nil) throws -> T? {
        try open(path).pool.read { db in try T.fetchOne(db, sql: sql) }
    }

    func execute(_ sql: String) throws {
        try open().pool.write { db in try db.execute(sql: sql) }
    }
}
