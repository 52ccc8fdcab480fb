import Foundation
import GRDB
import GRDBSQLite
import SegueCore

/// The reads and writes of `segue-index`: its inputs from the other stages' tables, and the
/// index itself (matrices, neighbours, genre similarity, metadata) in one transaction.
struct IndexStore: Sendable {
    let database: AppDatabase

    // MARK: Inputs

    /// - Parameter embeddings: append the learned embeddings to the vectors (their family has a weight).
    func loadInputs(embeddings: Bool = true) throws(IndexError) -> IndexInputs {
        do {
            return try database.pool.read { db in
                let tracks = try Row.fetchAll(db, sql: """
                    SELECT id, artist_id, album_id FROM tracks WHERE missing_since IS NULL ORDER BY id
                    """).map { IndexInputs.Track(id: $0[0], artistID: $0[1], albumID: $0[2]) }
                var (features, version, stale) = try loadFeatures(db, tracks: tracks)
                if embeddings { try appendEmbeddings(db, to: &features, tracks: tracks) }
                return IndexInputs(
                    tracks: tracks, features: features, featureVersion: version, staleFeatures: stale,
                    trackGenres: try genreTags(db, table: "track_genres", owner: "track_id"),
                    albumGenres: try genreTags(db, table: "album_genres", owner: "album_id"),
                    artistGenres: try genreTags(db, table: "artist_genres", owner: "artist_id"),
                    genreParents: try genreParents(db),
                    similarArtists: try similarArtists(db))
            }
        } catch let error as IndexError {
            throw error
        } catch {
            throw .database(path: database.path, reason: "\(error)")
        }
    }

    /// Features of the newest version, parallel to `tracks`, with the count of rows left out.
    private func loadFeatures(_ db: Database, tracks: [IndexInputs.Track]) throws -> ([IndexInputs.Features?], Int?, Int) {
        let columns = try db.columns(in: "sonic_features")
        // The analyze stage may add the segment vectors later; read them when they are there.
        let segmentColumn = columns.first { $0.name.lowercased().contains("segment") }?.name
        let segmentSQL = segmentColumn.map { ", f.\"\($0)\"" } ?? ", NULL"
        let rows = try Row.fetchAll(db, sql: """
            SELECT f.track_id, f.version, f.vector, f.bpm, f.musical_key, f.mode\(segmentSQL)
            FROM sonic_features f JOIN tracks t ON t.id = f.track_id
            WHERE t.missing_since IS NULL ORDER BY f.track_id
            """)
        let version: Int? = rows.map { $0[1] as Int }.max()
        var lengths: [Int: Int] = [:]
        for row in rows where (row[1] as Int) == version {
            lengths[(row[2] as Data).count / 4, default: 0] += 1
        }
        let dimension = lengths.max { ($0.value, -$0.key) < ($1.value, -$1.key) }?.key ?? 0

        var byTrack: [Int64: IndexInputs.Features] = [:]
        var stale = 0
        for row in rows {
            let blob: Data = row[2]
            guard (row[1] as Int) == version, dimension > 0, blob.count == dimension * 4 else {
                stale += 1
                continue
            }
            let vector = Matrix.floats(fromBlob: blob)
            guard vector.allSatisfy(\.isFinite) else { stale += 1; continue }
            var segments = (row[6] as Data?).map(Matrix.floats(fromBlob:))
            if let values = segments, values.count != 3 * dimension || !values.allSatisfy(\.isFinite) {
                segments = nil
            }
            byTrack[row[0]] = IndexInputs.Features(vector: vector, segments: segments, bpm: row[3], key: row[4], mode: row[5])
        }
        return (tracks.map { byTrack[$0.id] }, version, stale)
    }

    private func genreTags(_ db: Database, table: String, owner: String) throws -> [IndexInputs.GenreTag] {
        try Row.fetchAll(db, sql: "SELECT \(owner), genre, weight, source FROM \(table) ORDER BY \(owner), genre, source")
            .map { IndexInputs.GenreTag(owner: $0[0], genre: $0[1], weight: $0[2], source: $0[3]) }
    }

    private func genreParents(_ db: Database) throws -> [(genre: String, parent: String)] {
        guard try db.tableExists("genre_parents") else { return [] }
        let names = Set(try db.columns(in: "genre_parents").map(\.name))
        guard names.contains("genre"), names.contains("parent") else { return [] }
        return try Row.fetchAll(db, sql: "SELECT genre, parent FROM genre_parents ORDER BY genre, parent")
            .compactMap { row in
                guard let genre = row[0] as String?, let parent = row[1] as String? else { return nil }
                return (genre, parent)
            }
    }

    /// The similar-artist lists, whatever the genres stage named the columns; absent → none.
    func similarArtists(_ db: Database) throws -> [IndexInputs.SimilarArtist] {
        guard try db.tableExists("similar_artists") else { return [] }
        let names = try db.columns(in: "similar_artists").map(\.name)
        guard names.contains("artist_id"),
              let other = ["similar_artist_id", "similar_id", "other_artist_id"].first(where: names.contains)
        else { return [] }
        let weight = ["match", "score", "weight", "similarity"].first(where: names.contains)
        let rows = try Row.fetchAll(db, sql: """
            SELECT artist_id, \(other), \(weight.map { "\"\($0)\"" } ?? "1") FROM similar_artists
            WHERE artist_id IS NOT NULL AND \(other) IS NOT NULL ORDER BY artist_id, \(other)
            """)
        let matches = rows.map { ($0[2] as Double?) ?? 1 }
        // Some services give a match in 0...100; bring every list to 0...1.
        let scale = (matches.max() ?? 1) > 1 ? 1 / matches.max()! : 1
        return zip(rows, matches).map { row, match in
            IndexInputs.SimilarArtist(artistID: row[0], similarID: row[1], match: max(0, match * scale))
        }
    }

    // MARK: Metadata

    func meta() throws(IndexError) -> [String: String] {
        do {
            return try database.pool.read { db in
                guard try db.tableExists("index_meta") else { return [:] }
                return Dictionary(try Row.fetchAll(db, sql: "SELECT key, value FROM index_meta").map { ($0[0], $0[1]) },
                                  uniquingKeysWith: { $1 })
            }
        } catch {
            throw .database(path: database.path, reason: "\(error)")
        }
    }

    // MARK: Writing the index

    /// Replaces the whole index in one transaction: a reader sees the old index or the new one.
    ///
    /// Foreign-key checks would cost two lookups in `tracks` per neighbour row (millions); they
    /// are turned off for this transaction, and instead every track id is checked once against
    /// `tracks` inside it, while the write lock keeps anyone from deleting tracks meanwhile.
    func write(_ index: BuiltIndex, meta: [String: String]) throws(IndexError) {
        do {
            try database.pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA foreign_keys = OFF")
                defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
                try db.inTransaction(.immediate) {
                    try replace(db, with: index, meta: meta)
                    return .commit
                }
            }
        } catch {
            throw .database(path: database.path, reason: "\(error)")
        }
    }

    private func replace(_ db: Database, with index: BuiltIndex, meta: [String: String]) throws {
        try db.execute(sql: "DELETE FROM neighbours")
        try db.execute(sql: "DELETE FROM index_matrices")
        try db.execute(sql: "DELETE FROM genre_similarity")
        try db.execute(sql: "DELETE FROM index_meta")
        for (name, matrix) in index.matrices {
            try db.execute(sql: "INSERT INTO index_matrices (name, element, rows, cols, data) VALUES (?, 'float32', ?, ?, ?)",
                           arguments: [name, matrix.rows, matrix.cols, matrix.blob])
        }
        for (name, values) in [("track_ids", index.space.trackIDs), ("artist_ids", index.space.artists.artistIDs)] {
            try db.execute(sql: "INSERT INTO index_matrices (name, element, rows, cols, data) VALUES (?, 'int64', ?, 1, ?)",
                           arguments: [name, values.count, Matrix.blob(fromInts: values)])
        }
        try writeNeighbours(db, index)
        let similarity = try db.makeStatement(sql: "INSERT INTO genre_similarity (genre_a, genre_b, similarity) VALUES (?, ?, ?)")
        for pair in index.genreSimilarity {
            try similarity.execute(arguments: [pair.a, pair.b, Double(pair.similarity)])
        }
        let metaStatement = try db.makeStatement(sql: "INSERT INTO index_meta (key, value) VALUES (?, ?)")
        for (key, value) in meta.sorted(by: { $0.key < $1.key }) {
            try metaStatement.execute(arguments: [key, value])
        }
    }

    /// Millions of rows: bound straight through SQLite's C API, which is several times faster
    /// than building statement arguments per row.
    private func writeNeighbours(_ db: Database, _ index: BuiltIndex) throws {
        let statement = try db.makeStatement(sql: """
            INSERT INTO neighbours (track_id, neighbour_id, rank, score, sonic_score, genre_score, artist_boost)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        let handle = statement.sqliteStatement
        func bind(_ column: Int32, _ value: Double?) {
            if let value { sqlite3_bind_double(handle, column, value) } else { sqlite3_bind_null(handle, column) }
        }
        let space = index.space
        let present = Set(try Int64.fetchAll(db, sql: "SELECT id FROM tracks"))
        for row in 0..<space.count where present.contains(space.trackIDs[row]) {
            for (rank, other) in index.graph.neighbours(of: row).filter({ present.contains(space.trackIDs[$0]) }).enumerated() {
                let breakdown = space.breakdown(row, other)
                sqlite3_bind_int64(handle, 1, space.trackIDs[row])
                sqlite3_bind_int64(handle, 2, space.trackIDs[other])
                sqlite3_bind_int64(handle, 3, Int64(rank + 1))
                bind(4, breakdown.score)
                bind(5, breakdown.sonic)
                bind(6, breakdown.genre)
                bind(7, breakdown.artistBoost)
                let status = sqlite3_step(handle)
                sqlite3_reset(handle)
                guard status == SQLITE_DONE else {
                    throw DatabaseError(resultCode: ResultCode(rawValue: status),
                                        message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
                }
            }
        }
    }
}
