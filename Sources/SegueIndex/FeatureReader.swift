import Foundation
import GRDB

/// Streams the sonic features of present tracks from the database, one row at a time in
/// ascending track id, so no pass holds more than one track's features: the index reads them
/// once to fingerprint them, once for the vectors it searches, and once, while writing, for
/// the beginning and end windows.
struct FeatureReader: Sendable {
    /// The newest version and its most common vector length; rows of others are stale.
    let version: Int
    let dimension: Int
    /// The analyze stage may add the window vectors later; they are read when the column is there.
    let segmentColumn: String?

    /// Nil when no present track has features.
    init?(_ db: Database) throws {
        let counts = try Row.fetchAll(db, sql: """
            SELECT f.version, length(f.vector) / 4, COUNT(*) FROM sonic_features f JOIN tracks t ON t.id = f.track_id
            WHERE t.missing_since IS NULL GROUP BY 1, 2
            """).map { (version: $0[0] as Int, length: $0[1] as Int, count: $0[2] as Int) }
        guard let version = counts.map(\.version).max(),
              let modal = counts.filter({ $0.version == version && $0.length > 0 })
                  .max(by: { ($0.count, -$0.length) < ($1.count, -$1.length) })
        else { return nil }
        self.version = version
        dimension = modal.length
        segmentColumn = try db.columns(in: "sonic_features").first { $0.name.lowercased().contains("segment") }?.name
        rowsOfOtherShapes = counts.filter { $0.version != version || $0.length != modal.length }.map(\.count).reduce(0, +)
    }

    /// Rows of present tracks left out for their version or length.
    let rowsOfOtherShapes: Int

    /// Calls `body(trackID, features)` for every row of the version and dimension (of the
    /// tracks `ids`, ascending, when given), `features` nil when a value is not finite.
    /// Window vectors are read only with `segments`, and dropped when they do not fit the layout.
    func forEach(_ db: Database, ids: [Int64]? = nil, segments: Bool,
                 _ body: (Int64, IndexInputs.Features?) throws -> Void) throws {
        let windows = segments ? segmentColumn.map { ", f.\"\($0)\"" } ?? ", NULL" : ", NULL"
        let select = """
            SELECT f.track_id, f.vector, f.bpm, f.musical_key, f.mode\(windows)
            FROM sonic_features f JOIN tracks t ON t.id = f.track_id
            WHERE t.missing_since IS NULL AND f.version = ? AND length(f.vector) = ?
            """
        func visit(_ cursor: RowCursor) throws {
            while let row = try cursor.next() {
                try body(row[0], decode(row))
            }
        }
        guard let ids else {
            try visit(try Row.fetchCursor(db, sql: select + " ORDER BY f.track_id", arguments: [version, dimension * 4]))
            return
        }
        try ParameterSlices.forEach(ids) { marks, slice in
            try visit(try Row.fetchCursor(db, sql: select + " AND f.track_id IN (\(marks)) ORDER BY f.track_id",
                                          arguments: [version, dimension * 4] + StatementArguments(slice)))
        }
    }

    private func decode(_ row: Row) -> IndexInputs.Features? {
        let vector = Matrix.floats(fromBlob: row[1])
        guard vector.allSatisfy(\.isFinite) else { return nil }
        var windows = (row[5] as Data?).map(Matrix.floats(fromBlob:))
        if let values = windows, values.isEmpty || values.count % 3 != 0 || values.count / 3 > dimension
            || !values.allSatisfy(\.isFinite) {
            windows = nil
        }
        return IndexInputs.Features(vector: vector, segments: windows, bpm: row[2], key: row[3], mode: row[4])
    }
}
