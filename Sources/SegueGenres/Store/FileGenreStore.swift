import Foundation
import GRDB
import SegueCore

/// The genres segue-scan read from the files' tags (`track_genres`, source `file`, raw
/// text): mapped into the vocabulary in place (the raw text kept aside), then rolled up to
/// artists and albums as the share of their tracks carrying each genre. Only rows that change are written, so a run
/// with nothing new leaves the tables (and the index stage's input digest) untouched.
public struct FileGenreStore: Sendable {
    public static let source = "file"
    let database: AppDatabase
    /// Rows per write transaction.
    let chunk = 500

    public init(database: AppDatabase) {
        self.database = database
    }

    public struct Summary: Sendable, Equatable {
        public var tracksChanged = 0
        public var artistsChanged = 0
        public var albumsChanged = 0
    }

    public func sync(weighting: GenreWeighting) throws -> Summary {
        var summary = Summary()
        summary.tracksChanged = try normalizeTracks(vocabulary: weighting.vocabulary)
        summary.artistsChanged = try rollUp(table: "artist_genres", key: "artist_id", trackColumn: "artist_id", minWeight: weighting.minWeight)
        summary.albumsChanged = try rollUp(table: "album_genres", key: "album_id", trackColumn: "album_id", minWeight: weighting.minWeight)
        return summary
    }

    /// Maps each track's file genres into the vocabulary. The text segue-scan wrote is kept
    /// in `file_genre_raw` with the file's size and mtime: while they match, the rows in
    /// `track_genres` are our own mapping and the kept text is mapped again (a vocabulary
    /// change applies to old files); when they differ, the scan has read the file anew and
    /// its rows are the text to keep.
    private func normalizeTracks(vocabulary: GenreVocabulary) throws -> Int {
        let (stored, kept, files) = try database.pool.read { db in
            var stored: [Int64: Set<String>] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT track_id, genre FROM track_genres WHERE source = ?", arguments: [Self.source]) {
                stored[row["track_id"], default: []].insert(row["genre"])
            }
            var kept: [Int64: (tags: [String], size: Int64, mtime: Double)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT track_id, tags, size, mtime FROM file_genre_raw") {
                let tags: String = row["tags"]
                kept[row["track_id"]] = (tags.split(separator: Self.separator).map(String.init), row["size"], row["mtime"])
            }
            var files: [Int64: (size: Int64, mtime: Double)] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT id, size, mtime FROM tracks
                WHERE id IN (SELECT track_id FROM track_genres WHERE source = ?) OR id IN (SELECT track_id FROM file_genre_raw)
                """, arguments: [Self.source]) {
                files[row["id"]] = (row["size"], row["mtime"])
            }
            return (stored, kept, files)
        }
        var changes: [(track: Int64, genres: Set<String>, raw: (tags: [String], size: Int64, mtime: Double)?)] = []
        for (track, file) in files {
            let current = stored[track] ?? []
            let raw: [String]
            var rewrite: (tags: [String], size: Int64, mtime: Double)?
            if let entry = kept[track], entry.size == file.size, entry.mtime == file.mtime {
                raw = entry.tags
            } else {
                raw = current.sorted()
                rewrite = (raw, file.size, file.mtime)
            }
            let wanted = Set(raw.flatMap { vocabulary.genres(inTagText: $0) })
            if wanted != current || rewrite != nil { changes.append((track, wanted, rewrite)) }
        }
        for start in stride(from: 0, to: changes.count, by: chunk) {
            try database.pool.write { db in
                for change in changes[start..<min(start + chunk, changes.count)] {
                    if let raw = change.raw {
                        try db.execute(sql: "INSERT OR REPLACE INTO file_genre_raw (track_id, tags, size, mtime) VALUES (?, ?, ?, ?)",
                                       arguments: [change.track, raw.tags.joined(separator: String(Self.separator)), raw.size, raw.mtime])
                    }
                    try db.execute(sql: "DELETE FROM track_genres WHERE track_id = ? AND source = ?", arguments: [change.track, Self.source])
                    for genre in change.genres {
                        try db.execute(sql: "INSERT INTO track_genres (track_id, genre, weight, source) VALUES (?, ?, 1, ?)",
                                       arguments: [change.track, genre, Self.source])
                    }
                }
            }
        }
        return changes.count { change in change.genres != (stored[change.track] ?? []) }
    }

    private static let separator: Character = "\u{1F}"

    private func rollUp(table: String, key: String, trackColumn: String, minWeight: Double) throws -> Int {
        let (counts, stored) = try database.pool.read { db in
            var counts: [Int64: [String: Double]] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT t.\(trackColumn) AS owner, g.genre, COUNT(*) AS n FROM track_genres g
                JOIN tracks t ON t.id = g.track_id
                WHERE g.source = ? AND t.\(trackColumn) IS NOT NULL AND t.missing_since IS NULL
                GROUP BY t.\(trackColumn), g.genre
                """, arguments: [Self.source]) {
                counts[row["owner"], default: [:]][row["genre"]] = row["n"]
            }
            var stored: [Int64: [String: Double]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT \(key) AS owner, genre, weight FROM \(table) WHERE source = ?",
                                        arguments: [Self.source]) {
                stored[row["owner"], default: [:]][row["genre"]] = row["weight"]
            }
            return (counts, stored)
        }
        var changes: [(Int64, [String: Double])] = []
        for owner in Set(counts.keys).union(stored.keys) {
            let wanted = GenreWeighting.normalize(counts[owner] ?? [:], minWeight: minWeight)
            let current = stored[owner] ?? [:]
            if !Self.same(wanted, current) { changes.append((owner, wanted)) }
        }
        for start in stride(from: 0, to: changes.count, by: chunk) {
            try database.pool.write { db in
                for (owner, genres) in changes[start..<min(start + chunk, changes.count)] {
                    try db.execute(sql: "DELETE FROM \(table) WHERE \(key) = ? AND source = ?", arguments: [owner, Self.source])
                    for (genre, weight) in genres {
                        try db.execute(sql: "INSERT INTO \(table) (\(key), genre, weight, source) VALUES (?, ?, ?, ?)",
                                       arguments: [owner, genre, weight, Self.source])
                    }
                }
            }
        }
        return changes.count
    }

    private static func same(_ a: [String: Double], _ b: [String: Double]) -> Bool {
        guard a.count == b.count else { return false }
        for (genre, weight) in a {
            guard let other = b[genre], abs(other - weight) < 1e-9 else { return false }
        }
        return true
    }
}
