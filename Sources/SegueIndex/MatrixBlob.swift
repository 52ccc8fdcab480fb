import GRDB
import GRDBSQLite

/// One `index_matrices` entry read or written through SQLite's incremental blob I/O, slice by
/// slice, straight from or into the caller's buffer without an intermediate `Data` copy of the
/// whole matrix (384 MB for the sound of a million tracks). Lives only inside the database
/// access that opened it, or as long as a connection of its own (`TransitionRows`).
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
        let blob = try MatrixBlob(db, rowID: row[0], rows: row[1], cols: row[2], writable: false, name: name)
        guard blob.cols % Matrix.lanes == 0, Int(sqlite3_blob_bytes(blob.handle)) == blob.rows * blob.cols * 4 else {
            throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "matrix \(name) has the wrong size")
        }
        return blob
    }

    /// A new zero matrix `name` (replacing none: the caller has deleted the old one), open for writing.
    static func create(_ db: Database, name: String, rows: Int, cols: Int) throws -> MatrixBlob {
        try db.execute(sql: "INSERT INTO index_matrices (name, element, rows, cols, data) VALUES (?, 'float32', ?, ?, zeroblob(?))",
                       arguments: [name, rows, cols, rows * cols * 4])
        return try MatrixBlob(db, rowID: db.lastInsertedRowID, rows: rows, cols: cols, writable: true, name: name)
    }

    /// Writes `matrix` whole as `name`.
    static func write(_ db: Database, name: String, matrix: Matrix) throws {
        try create(db, name: name, rows: matrix.rows, cols: matrix.cols).write(from: 0, count: matrix.rows * matrix.cols, matrix.storage)
    }

    private init(_ db: Database, rowID: Int64, rows: Int, cols: Int, writable: Bool, name: String) throws {
        var handle: OpaquePointer?
        let status = sqlite3_blob_open(db.sqliteConnection, "main", "index_matrices", "data", rowID, writable ? 1 : 0, &handle)
        guard status == SQLITE_OK, let handle else {
            throw DatabaseError(resultCode: ResultCode(rawValue: status), message: "cannot open matrix \(name)")
        }
        self.rows = rows
        self.cols = cols
        self.handle = handle
    }

    deinit {
        sqlite3_blob_close(handle)
    }

    func read(from first: Int, count: Int, into target: UnsafeMutablePointer<Float>) throws {
        // Slices of at most 16 MB: SQLite takes an Int32 byte count.
        for start in stride(from: 0, to: count, by: 1 << 22) {
            let length = min(1 << 22, count - start)
            let status = sqlite3_blob_read(handle, target + start, Int32(length * 4), Int32((first + start) * 4))
            guard status == SQLITE_OK else {
                throw DatabaseError(resultCode: ResultCode(rawValue: status), message: "cannot read index matrix")
            }
        }
        // Stored little-endian; only a big-endian host has anything to do.
        if 1.littleEndian != 1 {
            for index in 0..<count { target[index] = Float(bitPattern: UInt32(littleEndian: target[index].bitPattern)) }
        }
    }

    /// Writes `count` floats from `source` at float offset `first`, little-endian.
    func write(from first: Int, count: Int, _ source: UnsafePointer<Float>) throws {
        // Slices of at most 16 MB: SQLite takes an Int32 byte count.
        let slice = 1 << 22
        for start in stride(from: 0, to: count, by: slice) {
            let length = min(slice, count - start), offset = Int32((first + start) * 4)
            let status: Int32
            if 1.littleEndian == 1 {
                status = sqlite3_blob_write(handle, source + start, Int32(length * 4), offset)
            } else {
                let converted = (0..<length).map { Float(bitPattern: source[start + $0].bitPattern.littleEndian) }
                status = converted.withUnsafeBytes { sqlite3_blob_write(handle, $0.baseAddress, Int32(length * 4), offset) }
            }
            guard status == SQLITE_OK else {
                throw DatabaseError(resultCode: ResultCode(rawValue: status), message: "cannot write index matrix")
            }
        }
    }

    /// Reads the stored rows `rows` into `matrix` (of the same width) from row `target` on.
    func read(rows: Range<Int>, into matrix: Matrix, at target: Int) throws {
        precondition(matrix.cols == cols)
        try read(from: rows.lowerBound * cols, count: rows.count * cols, into: matrix.storage + target * cols)
    }
}
