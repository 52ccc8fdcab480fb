import Foundation
import GRDB
import GRDBSQLite

/// The rows of the transition matrices (`segment_begin`, `segment_end`, `tempo_key`) that
/// export asks for, read on first use and kept rounded to half precision, as `HalfMatrix`
/// keeps whole matrices: a night's playlists touch a few hundred tracks, so holding every
/// row (13 MB at 33,636 tracks) bought nothing.
///
/// The blob handles stay open on a read-only connection of their own: SQLite keeps each
/// handle's list of overflow pages, so reading a row after the first costs a page or two
/// rather than a walk down the blob's chain of pages. Safe to share across threads.
final class TransitionRows: @unchecked Sendable {
    /// One track's rows, widened back from half precision.
    struct Vectors: Sendable {
        let begin: [Float]
        let end: [Float]
        let tempoKey: [Float]

        /// A row whose every value rounds to zero in half precision: no analysis to compare.
        static func isZero(_ values: [Float]) -> Bool {
            values.allSatisfy { $0 == 0 }
        }
    }

    static let names = ["segment_begin", "segment_end", "tempo_key"]

    private let lock = NSLock()
    private let connection: DatabaseQueue
    private var blobs: [MatrixBlob]
    private var cache: [Int: Vectors] = [:]

    /// Nil when the index lacks one of the matrices or one has another number of rows.
    static func open(path: String, rows: Int) throws -> TransitionRows? {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.label = "segue-transitions"
        // Blob reads walk pages once; a page cache would only hold what is read again never.
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = 16") }
        let connection = try DatabaseQueue(path: path, configuration: configuration)
        let blobs = try connection.inDatabase { db in try names.compactMap { try MatrixBlob.open(db, name: $0) } }
        guard blobs.count == names.count, blobs.allSatisfy({ $0.rows == rows }) else { return nil }
        return TransitionRows(connection: connection, blobs: blobs)
    }

    private init(connection: DatabaseQueue, blobs: [MatrixBlob]) {
        self.connection = connection
        self.blobs = blobs
    }

    deinit {
        // Each handle closes before its connection does.
        blobs.removeAll()
    }

    /// The rows of matrix row `row`; nil when they cannot be read.
    func vectors(_ row: Int) -> Vectors? {
        lock.lock()
        defer { lock.unlock() }
        if let known = cache[row] { return known }
        guard let read = try? connection.inDatabase({ _ in try blobs.map { try Self.halfRounded(row, of: $0) } }) else { return nil }
        let vectors = Vectors(begin: read[0], end: read[1], tempoKey: read[2])
        cache[row] = vectors
        return vectors
    }

    private static func halfRounded(_ row: Int, of blob: MatrixBlob) throws -> [Float] {
        var values = [Float](repeating: 0, count: blob.cols)
        var half = [UInt16](repeating: 0, count: blob.cols)
        try values.withUnsafeMutableBufferPointer { buffer in
            try blob.read(from: row * blob.cols, count: blob.cols, into: buffer.baseAddress!)
            half.withUnsafeMutableBufferPointer { target in
                HalfMatrix.narrow(buffer.baseAddress!, into: target.baseAddress!, count: blob.cols)
                HalfMatrix.widen(target.baseAddress!, into: buffer.baseAddress!, count: blob.cols)
            }
        }
        return values
    }
}
