import Foundation
import GRDB
import GRDBSQLite

/// Writing a rebuilt index: everything replaced in one transaction, so a reader sees the old
/// index or the new one.
extension IndexStore {
    /// Foreign-key checks would cost two lookups in `tracks` per neighbour row (millions); they
    /// are turned off for this transaction, and instead every track id is checked once against
    /// `tracks` inside it, while the write lock keeps anyone from deleting tracks meanwhile.
    ///
    /// The page cache is raised to `writeCacheKiB` meanwhile: with SQLite's default 2 MB, the
    /// b-trees' inner pages of millions of appended rows are spilled to the WAL and read back
    /// again and again (5 million neighbour rows in the `sqlite3` shell: 5.3 s of CPU with
    /// 2 MB, 3.4 s with 8 MB, 3.2 s with 16 MB; a million tracks' 100 million rows need about
    /// 25 MB of inner pages).
    static let writeCacheKiB = 32_768

    /// Debian builds SQLite with `SECURE_DELETE`: every page a delete frees is zeroed and
    /// written, through the WAL and again by the checkpoint. Replacing the 20 million rows of a
    /// 200,000-track index freed 1.2 GB that way (DELETE and commit 16 s in the `sqlite3`
    /// shell, 0.8 s with `FAST`); the index holds nothing to erase, so `FAST` zeroes freed
    /// content only in pages written anyway.
    func inWriteTransaction(_ body: (Database) throws -> Void) throws(IndexError) {
        do {
            try database.pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA foreign_keys = OFF")
                defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
                let secureDelete = try Int.fetchOne(db, sql: "PRAGMA secure_delete") ?? 1
                try db.execute(sql: "PRAGMA secure_delete = FAST")
                defer { try? db.execute(sql: "PRAGMA secure_delete = \(secureDelete)") }
                let cache = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
                try db.execute(sql: "PRAGMA cache_size = \(-Self.writeCacheKiB)")
                defer { try? db.execute(sql: "PRAGMA cache_size = \(cache)") }
                try db.inTransaction(.immediate) {
                    try body(db)
                    return .commit
                }
            }
        } catch let error as IndexError {
            throw error
        } catch {
            throw .database(path: database.path, reason: "\(error)")
        }
    }

    func write(_ index: BuiltIndex, meta: [String: String], log: (String) -> Void = { _ in }) throws(IndexError) {
        try inWriteTransaction { db in
            for table in ["index_matrices", "genre_similarity", "index_meta", "index_genres"] {
                try db.execute(sql: "DELETE FROM \(table)")
            }
            log("write: old index deleted")
            let spaces = index.spaces, space = spaces.space
            for (name, matrix) in [("sonic", space.sonic), ("genre", space.genre), ("tempo_key", spaces.tempoKey),
                                   ("sonic_transform", spaces.sonicSpace.stored), ("genre_axes", spaces.embedding.matrix)] {
                try MatrixBlob.write(db, name: name, matrix: matrix)
            }
            try writeWindows(db, index)
            try writeInts(db, "track_ids", space.trackIDs)
            try writeInts(db, "artist_ids", space.artists.artistIDs)
            if let partition = index.partition {
                try MatrixBlob.write(db, name: "centroid_sonic", matrix: partition.quantizer.sonic)
                try MatrixBlob.write(db, name: "centroid_genre", matrix: partition.quantizer.genre)
                try writeInts(db, "cluster_ids", partition.search.clusters.map(Int64.init))
            }
            let genre = try db.makeStatement(sql: "INSERT INTO index_genres (position, genre) VALUES (?, ?)")
            for (position, name) in spaces.embedding.names.enumerated() { try genre.execute(arguments: [position, name]) }
            log("write: matrices and windows")
            try replacing(db, table: "neighbours", log: log) { next in
                try writeNeighbours(db, space, into: next, rows: 0..<space.count) { [graph = index.graph] in graph.neighbours(of: $0) }
            }
            let similarity = try db.makeStatement(sql: "INSERT INTO genre_similarity (genre_a, genre_b, similarity) VALUES (?, ?, ?)")
            for pair in index.genreSimilarity {
                try similarity.execute(arguments: [pair.a, pair.b, Double(pair.similarity)])
            }
            try writeMeta(db, meta)
            log("write: genre similarity and meta")
        }
        log("write: committed")
    }

    func writeInts(_ db: Database, _ name: String, _ values: [Int64]) throws {
        try db.execute(sql: "INSERT INTO index_matrices (name, element, rows, cols, data) VALUES (?, 'int64', ?, 1, ?)",
                       arguments: [name, values.count, Matrix.blob(fromInts: values)])
    }

    func writeMeta(_ db: Database, _ meta: [String: String]) throws {
        try db.execute(sql: "DELETE FROM index_meta")
        let statement = try db.makeStatement(sql: "INSERT INTO index_meta (key, value) VALUES (?, ?)")
        for (key, value) in meta.sorted(by: { $0.key < $1.key }) {
            try statement.execute(arguments: [key, value])
        }
    }

    /// The beginning and end windows of every track with features, normalized like the track
    /// vectors, computed here from a second stream of the features rather than held through
    /// the search (768 MB for a million tracks), and written a slice of rows at a time. A track
    /// without windows gets its whole vector.
    private func writeWindows(_ db: Database, _ index: BuiltIndex) throws {
        let space = index.spaces.space, sonicSpace = index.spaces.sonicSpace, cols = space.sonic.cols
        let blobs = [try MatrixBlob.create(db, name: "segment_begin", rows: space.count, cols: cols),
                     try MatrixBlob.create(db, name: "segment_end", rows: space.count, cols: cols)]
        let slices = [Matrix(rows: 4096, minimumCols: cols), Matrix(rows: 4096, minimumCols: cols)]
        // The slices hold rows first ..< first + 4096.
        var first = 0
        func flush(next: Int) throws {
            let rows = min(slices[0].rows, space.count - first)
            for (blob, slice) in zip(blobs, slices) {
                try blob.write(from: first * cols, count: rows * cols, slice.storage)
                slice.row(0).baseAddress!.update(repeating: 0, count: slice.rows * cols)
            }
            first = next
        }
        try index.reader?.forEach(db, segments: true) { trackID, features in
            guard let features, let row = space.row(of: trackID) else { return }
            if row >= first + slices[0].rows { try flush(next: row) }
            for (slice, segment) in zip(slices, [0, 2]) {
                sonicSpace.transform(features.segment(segment) ?? features.vector[...], into: slice, row: row - first)
            }
        }
        if first < space.count { try flush(next: space.count) }
    }

    /// The neighbour rows of `rows`, skipping tracks deleted meanwhile: millions of rows,
    /// inserted many at a time (`NeighbourInsert`), their score breakdowns computed on another
    /// core meanwhile (`NeighbourBatches`).
    func writeNeighbours(_ db: Database, _ space: SimilaritySpace, into table: String = "neighbours", rows: some Sequence<Int>,
                         neighbours: @escaping @Sendable (Int) -> [Int]) throws {
        let single = try NeighbourInsert(db, table: table, rows: 1)
        let many = try NeighbourInsert(db, table: table, rows: NeighbourInsert.rowsPerStatement)
        let ids = Set(try Int64.fetchAll(db, sql: "SELECT id FROM tracks"))
        let present = space.trackIDs.map(ids.contains)
        let batches = NeighbourBatches(space: space, rows: rows.filter { present[$0] }, present: present,
                                       neighbours: neighbours)
        try batches.forEach { batch in
            var start = batch.startIndex
            while start < batch.endIndex {
                let insert = batch.endIndex - start >= many.rows ? many : single
                try insert.insert(batch[start..<(start + insert.rows)], db)
                start += insert.rows
            }
        }
    }

    /// Runs `body` with `table` replaced by an empty one of the same definition, stored
    /// `WITHOUT ROWID` (its primary key is then the table itself), under a name of its own
    /// (`table_next`) until the old one is dropped and the new one takes its name, and the
    /// indexes other stages made on it (export's `neighbours_nearest`) made again from theirs
    /// after `body`'s rows, in the caller's transaction: readers see the old table or the new
    /// one, with its indexes.
    ///
    /// A rowid table kept each row twice, in the table and in its primary key (the 20 million
    /// rows of 200,000 tracks: 847 MB and 314 MB); without the rowid they are one b-tree of
    /// 900 MB, one insert a row instead of two (in the `sqlite3` shell, 20.4 s instead of
    /// 24.8 s to insert them and commit). A database whose table still has its rowid gets this
    /// one at its next rebuild: no migration copies millions of rows.
    ///
    /// The old table is dropped after the new rows, not before: SQLite reads again every page a
    /// transaction freed before reusing it, so rows written into the pages of the rows just
    /// deleted cost 25.0 s in the `sqlite3` shell, written beside them 14.1 s (16.7 s when the
    /// pages come from an earlier rebuild's free list). The price is disk: the database keeps
    /// the old rows' pages free for the next rebuild, as large as the table.
    ///
    /// For a table filled again whole, one pass over the finished rows costs less than keeping
    /// an index through millions of inserts (at 200,000 tracks: 15.0 s of the writer's CPU with
    /// the partial index kept, 12.0 s without it plus 1.7 s to make it after).
    /// `body` fills the table it is given.
    func replacing(_ db: Database, table: String, log: (String) -> Void = { _ in }, _ body: (String) throws -> Void) throws {
        guard let definition = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
                                                   arguments: [table]),
              let columns = definition.firstIndex(of: "(")
        else { throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "no table \(table)") }
        // Its indexes, then its triggers (a user's): dropped with the table.
        let dependents = try String.fetchAll(db, sql: """
            SELECT sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND tbl_name = ? AND sql IS NOT NULL
            ORDER BY type, name
            """, arguments: [table])
        let name = table + "_next", next = name.quotedDatabaseIdentifier
        try db.execute(sql: "DROP TABLE IF EXISTS \(next)")
        try db.execute(sql: Self.withoutRowID("CREATE TABLE \(next) " + definition[columns...]))
        try body(name)
        log("write: neighbour rows")
        try db.execute(sql: "DROP TABLE \(table.quotedDatabaseIdentifier)")
        // A view on the table (a user's) names it and would fail the rename's check of the
        // schema while no table has that name; the legacy rename skips that check, and the
        // view then reads the new table.
        try db.execute(sql: "PRAGMA legacy_alter_table = ON")
        defer { try? db.execute(sql: "PRAGMA legacy_alter_table = OFF") }
        try db.execute(sql: "ALTER TABLE \(next) RENAME TO \(table.quotedDatabaseIdentifier)")
        for dependent in dependents { try db.execute(sql: dependent) }
        log("write: old rows dropped, indexes made again")
    }

    /// `CREATE TABLE … (…)` stored `WITHOUT ROWID`, unchanged when it already is.
    static func withoutRowID(_ definition: String) -> String {
        let trimmed = definition.trimmingCharacters(in: .whitespacesAndNewlines)
        let words = trimmed.uppercased().split(whereSeparator: \.isWhitespace).suffix(2)
        return words.elementsEqual(["WITHOUT", "ROWID"]) ? trimmed : trimmed + " WITHOUT ROWID"
    }
}

/// A freshly computed index, ready to be written.
struct BuiltIndex {
    let spaces: IndexSpaces
    let graph: NeighbourGraph
    let partition: IndexPartition?
    /// Streams the features again for the windows.
    let reader: FeatureReader?
    let genreSimilarity: [(a: String, b: String, similarity: Float)]
}
