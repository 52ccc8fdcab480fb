import GRDB
import GRDBSQLite

/// One `index_matrices` entry read through SQLite's incremental blob I/O, slice by slice or
/// whole, straight into the caller's buffer without an intermediate `Data` copy. Lives only
/// inside the database access that opened it, or as long as a connection of its own
/// (`TransitionRows`).
final class MatrixBlob {
    let rows: Int
    let cols: Int
    private let handle: OpaquePointer

    /// Nil when the index holds no matrix of that name.
    static func open(_ db: Database, name: String) throws -> MatrixBlob? {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT rowid, rows, cols FROM index_matrices WHERE name = ? AND element = 'float32'
            """, arguments: [name])
        else { return nil }
        var handle: OpaquePointer?
        let status = sqlite3_blob_open(db.sqliteConnection, "main", "index_matrices", "data", row[0], 0, &handle)
        guard status == SQLITE_OK, let handle else {
            throw DatabaseError(resultCode: ResultCode(rawValue: status), message: "cannot open matrix \(name)")
        }
        let blob = MatrixBlob(rows: row[1], cols: row[2], handle: handle)
        guard blob.cols % Matrix.lanes == 0, Int(sqlite3_blob_bytes(handle)) == blob.rows * blob.cols * 4 else {
            throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "matrix \(name) has the wrong size")
        }
        return blob
    }

    private init(rows: Int, cols: Int, handle: OpaquePointer) {
        self.rows = rows
        self.cols = cols
        self.handle = handle
    }

    deinit {
        sqlite3_blob_close(handle)
    }



    func read(from first: Int, count: Int, into target: UnsafeMutablePointer<Float>) throws {
        guard count > 0 else { return }
        let status = sqlite3_blob_read(handle, target, Int32(count * 4), Int32(first * 4))
        guard status == SQLITE_OK else {
            throw DatabaseError(resultCode: ResultCode(rawValue: status), message: "cannot read index matrix")
        }
        // Stored little-endian; only a big-endian host has anything to do.
        if 1.littleEndian != 1 {
            for index in 0..<count { target[index] = Float(bitPattern: UInt32(littleEndian: target[index].bitPattern)) }
        }
    }
}
