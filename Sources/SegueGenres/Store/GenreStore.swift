import Foundation
import GRDB
import SegueCore

/// The genre stage's reads and writes: which entities are due, and each batch of results
/// written with its cache rows in one short transaction, so a killed run loses at most the
/// batch in flight and a rerun resumes after the last one committed.
public struct GenreStore: Sendable {
    let database: AppDatabase
    let expiry: CacheExpiry

    public init(database: AppDatabase, cacheDays: Int) {
        self.database = database
        expiry = CacheExpiry(days: cacheDays)
    }

    // MARK: Due entities

    /// Artists with no fresh cache row for `source`/`kind` (all of them with `refresh`).
    public func dueArtists(source: String, kind: CacheKind, now: Date, refresh: Bool) throws -> [ArtistEntity] {
        try database.pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT a.id, a.name, a.mb_artist_id FROM artists a
                LEFT JOIN genre_cache c ON c.source = ? AND c.kind = ? AND c.entity_id = a.id
                WHERE (? OR c.entity_id IS NULL OR c.expires_at <= ?)
                ORDER BY a.id
                """, arguments: [source, kind.rawValue, refresh, now]).map { row in
                ArtistEntity(id: row["id"], name: row["name"], mbid: (row["mb_artist_id"] as String?).flatMap { $0.isEmpty ? nil : $0 })
            }
        }
    }

    public func dueAlbums(source: String, now: Date, refresh: Bool) throws -> [AlbumEntity] {
        try database.pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT al.id, al.title, al.album_artist, al.artist_id, al.mb_release_group_id, ar.mb_artist_id
                FROM albums al
                LEFT JOIN artists ar ON ar.id = al.artist_id
                LEFT JOIN genre_cache c ON c.source = ? AND c.kind = 'album' AND c.entity_id = al.id
                WHERE (? OR c.entity_id IS NULL OR c.expires_at <= ?)
                ORDER BY al.id
                """, arguments: [source, refresh, now]).map { row in
                AlbumEntity(id: row["id"], title: row["title"], albumArtist: row["album_artist"], artistID: row["artist_id"],
                            artistMBID: (row["mb_artist_id"] as String?).flatMap { $0.isEmpty ? nil : $0 },
                            releaseGroupID: (row["mb_release_group_id"] as String?).flatMap { $0.isEmpty ? nil : $0 })
            }
        }
    }

    /// Titles of an artist's albums in the library, to recognize the right namesake.
    public func albumTitles(artistID: Int64) throws -> [String] {
        try database.pool.read { db in
            try String.fetchAll(db, sql: "SELECT title FROM albums WHERE artist_id = ?", arguments: [artistID])
        }
    }

    // MARK: Results

    /// Writes one batch of artist results for `source`, their MBIDs, and their cache rows.
    public func saveArtists(_ results: [EntityResult], source: String, fetchedAt: Date) throws {
        try database.pool.write { db in
            for result in results {
                try db.execute(sql: "DELETE FROM artist_genres WHERE artist_id = ? AND source = ?", arguments: [result.id, source])
                for (genre, weight) in result.genres ?? [:] {
                    try db.execute(sql: "INSERT INTO artist_genres (artist_id, genre, weight, source) VALUES (?, ?, ?, ?)",
                                   arguments: [result.id, genre, weight, source])
                }
                if let mbid = result.resolvedMBID {
                    try db.execute(sql: "UPDATE artists SET mb_artist_id = ? WHERE id = ?", arguments: [mbid, result.id])
                }
                try cache(db, source: source, kind: .artist, id: result.id, found: result.genres != nil, at: fetchedAt)
            }
        }
    }

    public func saveAlbums(_ results: [EntityResult], source: String, fetchedAt: Date) throws {
        try database.pool.write { db in
            for result in results {
                try db.execute(sql: "DELETE FROM album_genres WHERE album_id = ? AND source = ?", arguments: [result.id, source])
                for (genre, weight) in result.genres ?? [:] {
                    try db.execute(sql: "INSERT INTO album_genres (album_id, genre, weight, source) VALUES (?, ?, ?, ?)",
                                   arguments: [result.id, genre, weight, source])
                }
                if let mbid = result.resolvedMBID {
                    try db.execute(sql: "UPDATE albums SET mb_release_group_id = ? WHERE id = ?", arguments: [mbid, result.id])
                }
                try cache(db, source: source, kind: .album, id: result.id, found: result.genres != nil, at: fetchedAt)
            }
        }
    }

    /// Replaces an artist's similar artists from `source`, linking those in the library.
    public func saveSimilar(artistID: Int64, similar: [LastFMClient.SimilarArtist]?, source: String, fetchedAt: Date) throws {
        try database.pool.write { db in
            try db.execute(sql: "DELETE FROM similar_artists WHERE artist_id = ? AND source = ?", arguments: [artistID, source])
            for artist in similar ?? [] {
                let linked = try Int64.fetchOne(db, sql: """
                    SELECT id FROM artists WHERE (? IS NOT NULL AND mb_artist_id = ?) OR match_key = ? LIMIT 1
                    """, arguments: [artist.mbid, artist.mbid, MatchKey.make(artist.name)])
                try db.execute(sql: """
                    INSERT OR REPLACE INTO similar_artists (artist_id, similar_name, similar_mbid, similar_artist_id, match, source)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [artistID, artist.name, artist.mbid, linked, artist.match, source])
            }
            try cache(db, source: source, kind: .similar, id: artistID, found: similar != nil, at: fetchedAt)
        }
    }

    private func cache(_ db: Database, source: String, kind: CacheKind, id: Int64, found: Bool, at date: Date) throws {
        try db.execute(sql: """
            INSERT OR REPLACE INTO genre_cache (source, kind, entity_id, status, fetched_at, expires_at)
            VALUES (?, ?, ?, ?, ?, ?)
            """, arguments: [source, kind.rawValue, id, found ? "found" : "not_found", date,
                             expiry.expiry(fetchedAt: date, source: source, kind: kind.rawValue, entityID: id)])
    }

    // MARK: Vocabulary

    /// Writes the broader/narrower relation when it differs from what is stored.
    @discardableResult
    public func syncParents(_ parents: [String: [String]]) throws -> Bool {
        let wanted = Set(parents.flatMap { child, list in list.map { "\(child)\t\($0)" } })
        return try database.pool.write { db in
            let stored = Set(try Row.fetchAll(db, sql: "SELECT genre, parent FROM genre_parents").map { row -> String in
                "\(row["genre"] as String)\t\(row["parent"] as String)"
            })
            guard stored != wanted else { return false }
            try db.execute(sql: "DELETE FROM genre_parents")
            for link in wanted {
                let parts = link.split(separator: "\t", maxSplits: 1).map(String.init)
                try db.execute(sql: "INSERT INTO genre_parents (genre, parent) VALUES (?, ?)", arguments: [parts[0], parts[1]])
            }
            return true
        }
    }

    @discardableResult
    func wrap<T>(_ body: () throws -> T) throws(GenresError) -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            throw .database(path: database.path, reason: error.message ?? error.description)
        } catch {
            throw .database(path: database.path, reason: "\(error)")
        }
    }
}
