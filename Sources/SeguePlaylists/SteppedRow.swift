import GRDB
import GRDBSQLite

/// The current row of a statement stepped through SQLite's own column getters. A night reads
/// thousands of rows (tracks, genres, clusters, the neighbour graph): a GRDB `Row` per row,
/// copied and decoded through generic conversions, costs several times the query itself.
/// Columns are read by position and decoded as GRDB decodes them (`String(cString:)` for text).
struct SteppedRow {
    let handle: SQLiteStatement

    func isNull(_ column: Int32) -> Bool {
        sqlite3_column_type(handle, column) == SQLITE_NULL
    }

    func int64(_ column: Int32) -> Int64 {
        sqlite3_column_int64(handle, column)
    }

    func optionalInt64(_ column: Int32) -> Int64? {
        isNull(column) ? nil : sqlite3_column_int64(handle, column)
    }

    func double(_ column: Int32) -> Double {
        sqlite3_column_double(handle, column)
    }

    func optionalDouble(_ column: Int32) -> Double? {
        isNull(column) ? nil : sqlite3_column_double(handle, column)
    }

    func text(_ column: Int32) -> String {
        sqlite3_column_text(handle, column).map { String(cString: $0) } ?? ""
    }

    func optionalText(_ column: Int32) -> String? {
        isNull(column) ? nil : text(column)
    }

    /// The bytes of a blob column, valid only inside `body` (empty for NULL).
    func withBlob<T>(_ column: Int32, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        let count = Int(sqlite3_column_bytes(handle, column))
        return try body(UnsafeRawBufferPointer(start: count > 0 ? sqlite3_column_blob(handle, column) : nil, count: count))
    }

    /// Steps `statement` (bound to `arguments`) to its end, calling `body` with each row.
    static func forEach(_ db: Database, _ statement: Statement, arguments: StatementArguments = [],
                        _ body: (SteppedRow) throws -> Void) throws {
        try statement.setArguments(arguments)
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        let row = SteppedRow(handle: handle)
        while true {
            let status = sqlite3_step(handle)
            if status == SQLITE_DONE { return }
            guard status == SQLITE_ROW else { throw DatabaseError.stepping(statement, status: status, db) }
            try body(row)
        }
    }
}
