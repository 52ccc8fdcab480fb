import GRDB
import GRDBSQLite

extension Statement {
    /// Runs the statement once with the values bound to it through SQLite's own
    /// `sqlite3_bind_*`, then resets it for the next ones: the bulk writes of thousands to
    /// millions of rows, where GRDB's arguments would cost more than the insert itself.
    public func executeBound(_ db: Database) throws {
        let status = sqlite3_step(sqliteStatement)
        sqlite3_reset(sqliteStatement)
        guard status == SQLITE_DONE else { throw DatabaseError.stepping(self, status: status, db) }
    }
}

extension DatabaseError {
    /// What SQLite says of `statement` when a step of it returned `status` on `db`.
    public static func stepping(_ statement: Statement, status: Int32, _ db: Database) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: status), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                      sql: statement.sql)
    }
}
