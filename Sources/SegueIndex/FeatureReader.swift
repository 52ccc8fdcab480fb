import Foundation
import GRDB

/// Streams the sonic features of present tracks from the database, one row at a time in
/// ascending track id, so no pass holds more than one track's features: the index reads them
/// once to fingerprint them and lay out the vectors it searches, and once more, while
/// writing, for the beginning and end windows. With `embeddings`, each track's learned embedding
/// (`sonic_embeddings`) follows its DSP values, where `FeatureGroups` places that family.
struct FeatureReader: Sendable {
    /// The newest version and its most common vector length; rows of others are stale.
    let version: Int
    /// The length of a vector the index sees: the DSP values, then the embedding's.
    var dimension: Int { vectorDimension + (embedding?.dimension ?? 0) }
    /// The length of `sonic_features.vector` in use.
    let vectorDimension: Int
    /// The analyze stage may add the window vectors later; they are read when the column is there.
    let segmentColumn: String?
    let embedding: EmbeddingColumns?

    /// The embeddings joined to the features: rows of the newest version with the most common
    /// length. A track with features but no such embedding (an analysis half done, or a value
    /// that is not finite) gets `neutral`, the median of the others in each dimension, which
    /// the robust normalization maps to 0, so it is neither near nor far by the embedding.
    struct EmbeddingColumns: Sendable {
        let version: Int
        let dimension: Int
        let neutral: [Float]
    }

    /// Nil when no present track has features.
    /// - Parameter embeddings: join the learned embeddings (their family has a weight).
    init?(_ db: Database, embeddings: Bool) throws {
        let counts = try Self.shapes(db, table: "sonic_features")
        guard let version = counts.map(\.version).max(),
              let modal = counts.filter({ $0.version == version && $0.length > 0 })
                  .max(by: { ($0.count, -$0.length) < ($1.count, -$1.length) })
        else { return nil }
        self.version = version
        vectorDimension = modal.length
        segmentColumn = try db.columns(in: "sonic_features").first { $0.name.lowercased().contains("segment") }?.name
        rowsOfOtherShapes = counts.filter { $0.version != version || $0.length != modal.length }.map(\.count).reduce(0, +)
        embedding = embeddings ? try Self.embeddingColumns(db) : nil
    }

    /// (version, length in floats, rows) of the present tracks' rows of `table`.
    private static func shapes(_ db: Database, table: String) throws -> [(version: Int, length: Int, count: Int)] {
        try Row.fetchAll(db, sql: """
            SELECT f.version, length(f.vector) / 4, COUNT(*) FROM \(table) f JOIN tracks t ON t.id = f.track_id
            WHERE t.missing_since IS NULL GROUP BY 1, 2
            """).map { (version: $0[0] as Int, length: $0[1] as Int, count: $0[2] as Int) }
    }

    /// Nil without any usable embedding: the vectors are then the DSP ones alone.
    private static func embeddingColumns(_ db: Database) throws -> EmbeddingColumns? {
        guard try db.tableExists("sonic_embeddings") else { return nil }
        let counts = try shapes(db, table: "sonic_embeddings")
        guard let version = counts.map(\.version).max(),
              let modal = counts.filter({ $0.version == version }).max(by: { ($0.count, -$0.length) < ($1.count, -$1.length) }),
              modal.length > 0
        else { return nil }
        let neutral = try StreamedMedians.compute(columns: modal.length) { visit in
            let cursor = try Data.fetchCursor(db, sql: """
                SELECT e.vector FROM sonic_embeddings e JOIN tracks t ON t.id = e.track_id
                WHERE t.missing_since IS NULL AND e.version = ? AND length(e.vector) = ?
                """, arguments: [version, modal.length * 4])
            while let blob = try cursor.next() {
                let vector = Matrix.floats(fromBlob: blob)
                if vector.allSatisfy(\.isFinite) { visit(vector) }
            }
        }
        return neutral.map { EmbeddingColumns(version: version, dimension: modal.length, neutral: $0) }
    }

    /// Rows of present tracks left out for their version or length.
    let rowsOfOtherShapes: Int

    /// Calls `body(trackID, features)` for every row of the version and dimension (of the
    /// tracks `ids`, ascending, when given), `features` nil when a value is not finite.
    /// Window vectors are read only with `segments`, and dropped when they do not fit the layout.
    func forEach(_ db: Database, ids: [Int64]? = nil, segments: Bool,
                 _ body: (Int64, IndexInputs.Features?) throws -> Void) throws {
        let windows = segments ? segmentColumn.map { ", f.\"\($0)\"" } ?? ", NULL" : ", NULL"
        let joined = embedding.map { _ in
            ", e.vector FROM sonic_features f LEFT JOIN sonic_embeddings e ON e.track_id = f.track_id "
                + "AND e.version = ? AND length(e.vector) = ?"
        } ?? ", NULL FROM sonic_features f"
        let select = """
            SELECT f.track_id, f.vector, f.bpm, f.musical_key, f.mode\(windows)\(joined)
            JOIN tracks t ON t.id = f.track_id
            WHERE t.missing_since IS NULL AND f.version = ? AND length(f.vector) = ?
            """
        let shape: StatementArguments = (embedding.map { [$0.version, $0.dimension * 4] } ?? [])
            + [version, vectorDimension * 4]
        func visit(_ cursor: RowCursor) throws {
            while let row = try cursor.next() {
                try body(row[0], decode(row))
            }
        }
        guard let ids else {
            try visit(try Row.fetchCursor(db, sql: select + " ORDER BY f.track_id", arguments: shape))
            return
        }
        try ParameterSlices.forEach(ids) { marks, slice in
            try visit(try Row.fetchCursor(db, sql: select + " AND f.track_id IN (\(marks)) ORDER BY f.track_id",
                                          arguments: shape + StatementArguments(slice)))
        }
    }

    private func decode(_ row: Row) -> IndexInputs.Features? {
        var vector = Matrix.floats(fromBlob: row[1])
        guard vector.allSatisfy(\.isFinite) else { return nil }
        if let embedding {
            let own = (row[6] as Data?).map(Matrix.floats(fromBlob:))
            vector += own.flatMap { $0.allSatisfy(\.isFinite) ? $0 : nil } ?? embedding.neutral
        }
        var windows = (row[5] as Data?).map(Matrix.floats(fromBlob:))
        if let values = windows, values.isEmpty || values.count % 3 != 0 || values.count / 3 > vectorDimension
            || !values.allSatisfy(\.isFinite) {
            windows = nil
        }
        return IndexInputs.Features(vector: vector, segments: windows, bpm: row[2], key: row[3], mode: row[4])
    }
}
