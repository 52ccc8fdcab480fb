import Foundation
import GRDB
import SegueCore
import SegueDSP

/// A shard's own SQLite file (`segue-analyze --shard K/N --output FILE`): a header naming the
/// library it was cut from, the shard and the feature-set version (`shard_info`); the tracks of
/// the shard that needed analysing when it was cut, with their identity (`tracks`); and the
/// tables the analysis writes, as the library has them (`LibrarySnapshot.analysisTables`), so
/// that a run writes here with the very code that writes the library.
///
/// It keeps a rollback journal, not WAL: it lives on storage the nodes share, where WAL's
/// shared memory does not work, and one run at a time writes it (`ShardRun` holds a lock
/// beside it). Killed at any instant it is consistent at its last commit, and the next run of
/// the shard resumes from there.
final class ShardFile {
    /// `PRAGMA user_version` of a shard file; a change of its layout bumps it.
    static let format = 1

    let path: String
    let queue: DatabaseQueue

    /// What `shard_info` says.
    struct Header: Sendable {
        var libraryID: String
        var libraryPath: String
        var shard: ShardSpec?
        var featureVersion: Int
        var schemaDigest: String
        var runs: Int
    }

    /// Opens the shard file at `path` for `shard` of `library`, creating it when absent. A file of an older feature set or schema starts afresh; a file of another
    /// library or shard, or no shard file at all, is refused rather than touched.
    init(path: String, library: LibrarySnapshot, shard: ShardSpec) throws(AnalysisError) {
        self.path = path
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(AppDatabase.busyTimeout)
        configuration.label = "segue-shard"
        do {
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
            queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.write { db in try Self.prepare(db, path: path, library: library, shard: shard) }
        } catch {
            throw Self.wrap(error, path: path)
        }
    }

    /// Makes the shard's tracks those of `cut`: a track no longer in it, or whose identity
    /// changed, loses what this file holds for it; the others keep their results, which is how
    /// a killed run resumes. Returns the new run's number.
    func recut(_ cut: LibrarySnapshot.Cut, at date: Date) throws(AnalysisError) -> Int64 {
        do {
            return try queue.write { db in
                var held: [Int64: Row] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT id, path, duration_ms, content_changed_at, fingerprint FROM tracks") {
                    held[row["id"]] = row
                }
                let wanted = Set(cut.tracks.map(\.id))
                for id in held.keys where !wanted.contains(id) {
                    try Self.forget(id, in: db)
                }
                let insert = try db.cachedStatement(sql: """
                    INSERT INTO tracks (id, path, duration_ms, content_changed_at, fingerprint, fingerprint_version)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """)
                let move = try db.cachedStatement(sql: "UPDATE tracks SET path = ?, duration_ms = ? WHERE id = ?")
                for track in cut.tracks {
                    if let old = held[track.id] {
                        if old["fingerprint"] as String? == track.fingerprint, old["content_changed_at"] == track.contentChangedAt {
                            if old["path"] as String != track.path || old["duration_ms"] as Int? != track.durationMilliseconds {
                                try move.execute(arguments: [track.path, track.durationMilliseconds, track.id])
                            }
                            continue
                        }
                        try Self.forget(track.id, in: db)
                    }
                    try insert.execute(arguments: [track.id, track.path, track.durationMilliseconds, track.contentChangedAt,
                                                   track.fingerprint, track.fingerprintVersion])
                }
                try db.execute(sql: "UPDATE shard_info SET runs = runs + 1, cut_at = ?", arguments: [date])
                return try Int64.fetchOne(db, sql: "SELECT runs FROM shard_info") ?? 1
            }
        } catch {
            throw Self.wrap(error, path: path)
        }
    }

    /// The header of the shard file attached as `schema` (`main` for the file itself).
    static func header(_ db: Database, schema: String) throws -> Header? {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT library_id, library_path, shard_index, shard_count, feature_version, schema_digest, runs
            FROM "\(schema)".shard_info
            """) else { return nil }
        return Header(libraryID: row["library_id"], libraryPath: row["library_path"],
                      shard: ShardSpec(index: row["shard_index"], count: row["shard_count"]),
                      featureVersion: row["feature_version"], schemaDigest: row["schema_digest"], runs: row["runs"])
    }

    /// What a shard's schema is judged by: the library's analysis tables, as created.
    static func digest(of schema: [String]) -> String {
        var digest = SHA256Digest()
        for statement in schema {
            digest.update(statement)
            digest.update(UInt64(0))
        }
        return digest.finalizeHex()
    }

    private static func prepare(_ db: Database, path: String, library: LibrarySnapshot, shard: ShardSpec) throws {
        let format = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
        let objects = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master") ?? 0
        if format == 0, objects == 0 {
            try create(db, library: library, shard: shard)
            return
        }
        guard format == Self.format, let header = try header(db, schema: "main") else {
            throw AnalysisError.notAShardFile(path: path, reason: format == 0
                ? "it holds tables of its own" : "it is of format \(format), this segue-analyze writes \(Self.format)")
        }
        guard header.libraryID == library.identity else {
            throw AnalysisError.shardOfAnotherLibrary(path: path, library: header.libraryPath)
        }
        guard header.shard == shard else {
            throw AnalysisError.otherShard(path: path, holds: header.shard?.description ?? "?", asked: shard.description)
        }
        if header.featureVersion != FeatureLayout.version || header.schemaDigest != digest(of: library.analysisSchema) {
            // Results of another feature set or schema are of no use: the shard starts afresh.
            for table in LibrarySnapshot.analysisTables + ["tracks", "shard_info"] {
                try db.execute(sql: "DROP TABLE IF EXISTS \"\(table)\"")
            }
            try create(db, library: library, shard: shard)
        }
    }

    private static func create(_ db: Database, library: LibrarySnapshot, shard: ShardSpec) throws {
        try db.execute(sql: """
            CREATE TABLE shard_info (
                library_id TEXT NOT NULL,
                library_path TEXT NOT NULL,
                shard_index INTEGER NOT NULL,
                shard_count INTEGER NOT NULL,
                feature_version INTEGER NOT NULL,
                schema_digest TEXT NOT NULL,
                created_at DATETIME NOT NULL,
                runs INTEGER NOT NULL DEFAULT 0,
                cut_at DATETIME
            );
            CREATE TABLE tracks (
                id INTEGER PRIMARY KEY,
                path TEXT NOT NULL,
                duration_ms INTEGER,
                content_changed_at DATETIME NOT NULL,
                fingerprint TEXT,
                fingerprint_version INTEGER NOT NULL,
                -- Always NULL (the cut holds present tracks), read by the analysis's selection.
                missing_since DATETIME
            );
            """)
        for statement in library.analysisSchema {
            try db.execute(sql: statement)
        }
        try db.execute(sql: """
            INSERT INTO shard_info (library_id, library_path, shard_index, shard_count, feature_version, schema_digest, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [library.identity, library.database.path, shard.index, shard.count, FeatureLayout.version,
                             digest(of: library.analysisSchema), Date()])
        try db.execute(sql: "PRAGMA user_version = \(Self.format)")
    }

    /// Drops a track and what this file holds for it.
    private static func forget(_ id: Int64, in db: Database) throws {
        for table in LibrarySnapshot.analysisTables {
            try db.execute(sql: "DELETE FROM \"\(table)\" WHERE track_id = ?", arguments: [id])
        }
        try db.execute(sql: "DELETE FROM tracks WHERE id = ?", arguments: [id])
    }

    private static func wrap(_ error: any Error, path: String) -> AnalysisError {
        if let error = error as? DatabaseError, error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
            return .shardInUse(path: path)
        }
        return AnalysisError.wrap(error, path: path)
    }
}
