import GRDB
import GRDBSQLite
import SegueCore

/// An `INSERT` of `rows` neighbour rows at once, bound straight through SQLite's C API.
///
/// Millions of rows: statement arguments per row cost several times what `sqlite3_bind_*`
/// does, and a statement per row costs SQLite a new cursor on the table and on its primary-key
/// index, and a seek down each b-tree, for every row; one statement of 100 rows keeps them
/// at the end of both b-trees from row to row.
struct NeighbourInsert {
    /// The rows of one full neighbour list, and 700 parameters, well below SQLite's limit of 32,766.
    static let rowsPerStatement = 100
    private static let columns: Int32 = 7

    let rows: Int
    private let statement: Statement

    init(_ db: Database, table: String = "neighbours", rows: Int) throws {
        self.rows = rows
        let values = Array(repeating: "(?, ?, ?, ?, ?, ?, ?)", count: rows).joined(separator: ", ")
        statement = try db.makeStatement(sql: """
            INSERT INTO \(table.quotedDatabaseIdentifier) (track_id, neighbour_id, rank, score, sonic_score, genre_score, artist_boost)
            VALUES \(values)
            """)
    }

    /// Inserts `batch`, exactly `rows` of them.
    func insert(_ batch: ArraySlice<NeighbourBatches.Row>, _ db: Database) throws {
        let handle = statement.sqliteStatement
        func bind(_ column: Int32, _ value: Double?) {
            if let value { sqlite3_bind_double(handle, column, value) } else { sqlite3_bind_null(handle, column) }
        }
        var first: Int32 = 1
        for row in batch {
            sqlite3_bind_int64(handle, first, row.trackID)
            sqlite3_bind_int64(handle, first + 1, row.neighbourID)
            sqlite3_bind_int64(handle, first + 2, row.rank)
            bind(first + 3, row.breakdown.score)
            bind(first + 4, row.breakdown.sonic)
            bind(first + 5, row.breakdown.genre)
            bind(first + 6, row.breakdown.artistBoost)
            first += Self.columns
        }
        try statement.executeBound(db)
    }
}
