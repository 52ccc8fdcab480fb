import Foundation
import GRDB

/// What the database knew before this scan: tracks and failure rows by path, the
/// fingerprints of tracks a moved file may belong to, and each music folder's filesystem.
struct KnownFiles {
    struct Track {
        var id: Int64
        var size: Int
        var mtime: Double
        var fingerprint: String?
        /// How `fingerprint` was made (`AudioIdentity.version`; 0 for the byte fingerprint).
        var fingerprintVersion: Int
        var missingSince: Date?
    }

    struct Failure {
        var kind: String
        var size: Int?
        var mtime: Double?
    }

    var tracks: [String: Track] = [:]
    var failures: [String: Failure] = [:]
    /// `st_dev` of each music folder at its last accepted scan, by folder path.
    var devices: [String: UInt64] = [:]

    static func load(_ db: Database) throws -> KnownFiles {
        var known = KnownFiles()
        let rows = try Row.fetchCursor(db, sql: "SELECT id, path, size, mtime, fingerprint, fingerprint_version, missing_since FROM tracks")
        while let row = try rows.next() {
            known.tracks[row[1]] = Track(id: row[0], size: row[2], mtime: row[3], fingerprint: row[4], fingerprintVersion: row[5],
                                         missingSince: row[6])
        }
        let failureRows = try Row.fetchCursor(db, sql: "SELECT path, kind, size, mtime FROM scan_failures")
        while let row = try failureRows.next() {
            known.failures[row[0]] = Failure(kind: row[1], size: row[2], mtime: row[3])
        }
        for row in try Row.fetchAll(db, sql: "SELECT path, device FROM music_folders") {
            known.devices[row[0]] = UInt64(bitPattern: row[1] as Int64)
        }
        return known
    }
}
