import Foundation
import GRDB
import GRDBSQLite
import SegueCore
import SegueIndex

/// Export's reads and writes: the tracks and what is known about them, the listening
/// history, the rotation memory, and the playlists written. One short transaction per
/// playlist written, so other stages running beside export are never held up for long.
public struct PlaylistStore: Sendable {
    let database: AppDatabase

    public init(database: AppDatabase) {
        self.database = database
    }

    // MARK: Reads

    /// `listens` belongs to the genres stage; export works without it.
    static func hasListens(_ db: Database) throws -> Bool {
        try db.tableExists("listens")
    }

    /// The last listen of each track listened to since `date`.
    public func lastPlayed(since date: Date) throws -> [Int64: Date] {
        try database.pool.read { db in
            guard try Self.hasListens(db) else { return [:] }
            var result: [Int64: Date] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT track_id, MAX(listened_at) AS last FROM listens
                WHERE track_id IS NOT NULL AND listened_at >= ? GROUP BY track_id
                """, arguments: [date]) {
                if let last: Date = row["last"] { result[row["track_id"]] = last }
            }
            return result
        }
    }

    /// Plays per track since `date`, most played first; empty without a history.
    public func plays(since date: Date) throws -> [(trackID: Int64, plays: Int)] {
        try database.pool.read { db in
            guard try Self.hasListens(db) else { return [] }
            return try Row.fetchAll(db, sql: """
                SELECT track_id, COUNT(*) AS plays FROM listens
                WHERE track_id IS NOT NULL AND listened_at >= ? GROUP BY track_id ORDER BY plays DESC, track_id
                """, arguments: [date]).map { ($0["track_id"], $0["plays"]) }
        }
    }

    /// Whether any listen is known yet (the genres stage fetches them; a new install has none).
    public func hasHistory() throws -> Bool {
        try database.pool.read(Self.hasHistory)
    }

    static func hasHistory(_ db: Database) throws -> Bool {
        try hasListens(db) && Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM listens)") == true
    }

    /// How many present tracks have feature vectors of the most common length (older
    /// feature versions are left out), and that length in floats.
    public func featureShape() throws -> (count: Int, dimensions: Int) {
        try database.pool.read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT length(f.vector) AS vector_bytes, COUNT(*) AS vector_count FROM sonic_features f JOIN tracks t ON t.id = f.track_id
                WHERE t.missing_since IS NULL GROUP BY vector_bytes ORDER BY vector_count DESC, vector_bytes LIMIT 1
                """) else { return (0, 0) }
            // Aliases unlike any column of `tracks` (which has `size`): GROUP BY prefers a table's column.
            let bytes: Int = row["vector_bytes"]
            return (bytes >= 4 ? row["vector_count"] : 0, bytes / 4)
        }
    }

    /// Streams each present track's feature vector of `dimensions` floats, by track id.
    public func forEachFeatureVector(dimensions: Int, _ body: (Int64, [Float]) -> Void) throws {
        try database.pool.read { db in
            var vector = [Float](repeating: 0, count: dimensions)
            // Each vector read in place from SQLite's buffer: no `Row`, no `Data` copy.
            try SteppedRow.forEach(db, db.makeStatement(sql: """
                SELECT f.track_id, f.vector FROM sonic_features f JOIN tracks t ON t.id = f.track_id
                WHERE t.missing_since IS NULL AND length(f.vector) = ? ORDER BY f.track_id
                """), arguments: [dimensions * 4]) { row in
                row.withBlob(1) { raw in
                    for d in 0..<dimensions {
                        vector[d] = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: d * 4, as: UInt32.self)))
                    }
                }
                body(row.int64(0), vector)
            }
        }
    }

    /// A signature of the analysed library: it changes when a track is analysed again, added
    /// or goes missing, and then the library mixes' clusters are computed afresh. Read from
    /// the `sonic_features_signature` index alone, not from the vectors' pages.
    public func featureSignature() throws -> String {
        try database.pool.read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT COUNT(*) AS count, COALESCE(SUM(track_id), 0) AS ids, COALESCE(MAX(analyzed_at), '') AS latest,
                       COALESCE(SUM(version), 0) AS versions
                FROM sonic_features WHERE track_id NOT IN (SELECT id FROM tracks WHERE missing_since IS NOT NULL)
                """)!
            let count: Int64 = row["count"], ids: Int64 = row["ids"], versions: Int64 = row["versions"]
            let latest: String = row["latest"]
            return "\(count)/\(ids)/\(versions)/\(latest)"
        }
    }

    /// The stored clusters when they were computed from `input`, in the order of their mixes' ids.
    public func clusters(input: String) throws -> [[(id: Int64, distance: Float)]]? {
        try storedClusters(input: input)?.groups
    }

    /// The stored clusters and their mixes' ids (`playlist_clusters.cluster`), when computed
    /// from `input` (from anything when nil: last night's membership, for a refit to match).
    func storedClusters(input: String?) throws -> (mixIDs: [Int64], groups: [[(id: Int64, distance: Float)]])? {
        try database.pool.read { db in
            guard let stored = try String.fetchOne(db, sql: "SELECT input FROM playlist_clusters LIMIT 1"),
                  input == nil || stored == input else { return nil }
            // In track order, the table's own: grouped here rather than sorted by SQLite.
            var groups: [Int64: [(id: Int64, distance: Float)]] = [:]
            try SteppedRow.forEach(db, db.makeStatement(sql: "SELECT track_id, cluster, distance FROM playlist_clusters ORDER BY track_id")) { row in
                groups[row.int64(1), default: []].append((row.int64(0), Float(row.double(2))))
            }
            let mixIDs = groups.keys.sorted()
            return (mixIDs, mixIDs.map { groups[$0]! })
        }
    }

    /// The library mixes, by id.
    func mixes() throws -> [LibraryMix] {
        try database.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, name, centroid FROM playlist_mixes ORDER BY id").map { row in
                LibraryMix(id: row["id"], name: row["name"], centroid: Matrix.floats(fromBlob: row["centroid"]))
            }
        }
    }

    /// Replaces the stored clusters and mixes in one transaction: new mixes (negative ids) get
    /// their lasting id, mixes no group carries on are forgotten. Returns the mixes as stored.
    func saveClusters(_ groups: [[(id: Int64, distance: Float)]], mixes: [LibraryMix], input: String) throws -> [LibraryMix] {
        try database.pool.write { db in
            var saved: [LibraryMix] = []
            for mix in mixes {
                var stored = mix
                if mix.id > 0 {
                    try db.execute(sql: "UPDATE playlist_mixes SET centroid = ? WHERE id = ?",
                                   arguments: [Matrix.blob(fromFloats: mix.centroid), mix.id])
                } else {
                    try db.execute(sql: "INSERT INTO playlist_mixes (name, centroid, created_at) VALUES (?, ?, ?)",
                                   arguments: [mix.name, Matrix.blob(fromFloats: mix.centroid), Date()])
                    stored.id = db.lastInsertedRowID
                }
                saved.append(stored)
            }
            let kept = saved.map(\.id)
            try db.execute(sql: "DELETE FROM playlist_mixes WHERE id NOT IN (\(kept.map { _ in "?" }.joined(separator: ",")))",
                           arguments: StatementArguments(kept))
            try db.execute(sql: "DELETE FROM playlist_clusters")
            // A row per analysed track, bound through SQLite's own calls: GRDB's arguments cost
            // twice the insert itself on 30,000 rows. The input is bound once for them all.
            let insert = try db.makeStatement(sql: "INSERT INTO playlist_clusters (track_id, cluster, distance, input) VALUES (?, ?, ?, ?)")
            try insert.setArguments([0, 0, 0.0, input])
            let handle = insert.sqliteStatement
            for (mix, group) in zip(saved, groups) {
                for member in group {
                    sqlite3_bind_int64(handle, 1, member.id)
                    sqlite3_bind_int64(handle, 2, mix.id)
                    sqlite3_bind_double(handle, 3, Double(member.distance))
                    try insert.executeBound(db)
                }
            }
            return saved
        }
    }

    /// Gives a mix its lasting name.
    func nameMix(_ id: Int64, _ name: String) throws {
        try database.pool.write { db in
            try db.execute(sql: "UPDATE playlist_mixes SET name = ? WHERE id = ?", arguments: [name, id])
        }
    }

    /// Tracks each playlist gave on nights in `nights` (a rerun's own night excluded by the caller).
    public func rotation(nights: [String]) throws -> [String: Set<Int64>] {
        guard !nights.isEmpty else { return [:] }
        return try database.pool.read { db in
            var result: [String: Set<Int64>] = [:]
            let marks = Array(repeating: "?", count: nights.count).joined(separator: ",")
            for row in try Row.fetchAll(db, sql: "SELECT playlist_name, track_id FROM playlist_rotation WHERE night IN (\(marks))",
                                        arguments: StatementArguments(nights)) {
                result[row["playlist_name"], default: []].insert(row["track_id"])
            }
            return result
        }
    }

    /// Whether the scan found any track, missing now or not, in `folder`: by range on the path
    /// index, since every path in it starts with the folder and a `/`.
    public func hasScannedTracks(in folder: MusicFolder) throws -> Bool {
        let base = folder.path == "/" ? "" : folder.path
        return try database.pool.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM tracks WHERE path > ? AND path < ? AND scanned_at IS NOT NULL)",
                              arguments: [base + "/", base + "0"]) ?? false
        }
    }

    public func storedPlaylists() throws -> [StoredPlaylist] {
        try database.pool.read { db in
            try StoredPlaylist.fetchAll(db, sql: "SELECT id, name, kind, file_path, xspf_path, m3u_path FROM playlists ORDER BY name")
        }
    }

    // MARK: Writes

    /// Replaces a playlist's row, tracks and tonight's rotation entries in one transaction.
    public func save(_ result: PlaylistResult, night: String, files: PlaylistFiles.Written, at date: Date) throws {
        try database.pool.write { db in
            try db.execute(sql: """
                INSERT INTO playlists (name, file_path, generated_at, kind, xspf_path, m3u_path, night, seed, duration_ms, relaxations)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(name) DO UPDATE SET file_path = excluded.file_path, generated_at = excluded.generated_at,
                    kind = excluded.kind, xspf_path = excluded.xspf_path, m3u_path = excluded.m3u_path, night = excluded.night,
                    seed = excluded.seed, duration_ms = excluded.duration_ms, relaxations = excluded.relaxations
                """, arguments: [result.name, files.m3u8, date, result.spec.kind.rawValue, files.xspf, files.m3u, night,
                                 Int64(bitPattern: result.seed), Int64((result.totalSeconds * 1000).rounded()),
                                 result.relaxations.map(\.description).joined(separator: "; ")])
            let id = try Int64.fetchOne(db, sql: "SELECT id FROM playlists WHERE name = ?", arguments: [result.name])!
            try db.execute(sql: "DELETE FROM playlist_tracks WHERE playlist_id = ?", arguments: [id])
            // One statement prepared for every entry, not one parsed per entry.
            let track = try db.cachedStatement(sql: """
                INSERT INTO playlist_tracks (playlist_id, position, track_id, reason, transition_score) VALUES (?, ?, ?, ?, ?)
                """)
            for (position, entry) in result.entries.enumerated() {
                try track.execute(arguments: [id, position + 1, entry.track.id, ExplainFormatter.reason(entry), entry.transition?.score])
            }
            try db.execute(sql: "DELETE FROM playlist_rotation WHERE playlist_name = ? AND night = ?", arguments: [result.name, night])
            let rotation = try db.cachedStatement(sql: "INSERT OR IGNORE INTO playlist_rotation (playlist_name, night, track_id) VALUES (?, ?, ?)")
            for entry in result.entries {
                try rotation.execute(arguments: [result.name, night, entry.track.id])
            }
        }
    }

    public func delete(playlistID: Int64) throws {
        try database.pool.write { db in
            try db.execute(sql: "DELETE FROM playlists WHERE id = ?", arguments: [playlistID])
        }
    }

    /// Rotation rows older than any night still looked at.
    public func forgetRotation(before night: String) throws {
        try database.pool.write { db in
            try db.execute(sql: "DELETE FROM playlist_rotation WHERE night < ?", arguments: [night])
        }
    }
}
