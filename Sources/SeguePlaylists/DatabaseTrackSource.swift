import Foundation
import GRDB
import SegueCore

/// Tracks read from the database as a catalog asks for them: tags, analysis, genres (the
/// track's own, else its album's, else its artist's) and play counts.
public struct DatabaseTrackSource: TrackSource {
    let database: AppDatabase

    public init(database: AppDatabase) {
        self.database = database
    }

    public func tracks(ids: [Int64]) throws -> [TrackInfo] {
        guard !ids.isEmpty else { return [] }
        return try database.pool.read { db in
            let marks = Self.marks(ids.count)
            let plays = try PlaylistStore.hasListens(db)
                ? "(SELECT COUNT(*) FROM listens l WHERE l.track_id = t.id)" : "0"
            let genres = try genresByTrack(db, ids: ids)
            let credited = try creditedKeys(db, ids: ids)
            var artistKeys: [String: String] = [:]
            return try Row.fetchAll(db, sql: """
                SELECT t.id, t.path, t.title, t.artist, t.album_artist, t.album, t.duration_ms,
                       f.bpm, f.musical_key, f.mode, f.loudness_lufs, \(plays) AS plays
                FROM tracks t LEFT JOIN sonic_features f ON f.track_id = t.id
                WHERE t.missing_since IS NULL AND t.id IN (\(marks))
                """, arguments: StatementArguments(ids)).map { row in
                let id: Int64 = row["id"]
                let path: String = row["path"]
                let credit: String = row["artist"] ?? row["album_artist"] ?? "Unknown Artist"
                let artistKey = artistKeys[credit] ?? TrackInfo.artistKey(credit)
                artistKeys[credit] = artistKey
                let key: String? = row["musical_key"]
                let mode: String? = row["mode"]
                let durationMs: Int64? = row["duration_ms"]
                return TrackInfo(
                    id: id, path: path,
                    title: row["title"] ?? ((path as NSString).lastPathComponent as NSString).deletingPathExtension,
                    artist: credit, album: row["album"] ?? "",
                    durationSeconds: durationMs.map { Double($0) / 1000 }, bpm: row["bpm"],
                    key: key.map { [$0, mode].compactMap { $0 }.joined(separator: " ") }, loudness: row["loudness_lufs"],
                    genres: genres[id] ?? [], plays: row["plays"], artistKey: artistKey, creditedKeys: credited[id] ?? [])
            }
        }
    }

    /// The most specific genres of each track, strongest first.
    private func genresByTrack(_ db: Database, ids: [Int64]) throws -> [Int64: [String]] {
        let marks = Self.marks(ids.count)
        let rows = try Row.fetchAll(db, sql: """
            SELECT t.id AS track, g.genre AS genre, 0 AS level, g.weight AS weight
                FROM tracks t JOIN track_genres g ON g.track_id = t.id WHERE t.id IN (\(marks))
            UNION ALL SELECT t.id, g.genre, 1, g.weight
                FROM tracks t JOIN album_genres g ON g.album_id = t.album_id WHERE t.id IN (\(marks))
            UNION ALL SELECT t.id, g.genre, 2, g.weight
                FROM tracks t JOIN artist_genres g ON g.artist_id = t.artist_id WHERE t.id IN (\(marks))
            ORDER BY track, level, weight DESC, genre
            """, arguments: StatementArguments(ids + ids + ids))
        var result: [Int64: [String]] = [:]
        var levels: [Int64: Int] = [:]
        for row in rows {
            let track: Int64 = row["track"]
            let level: Int = row["level"]
            let genre: String = row["genre"]
            if let first = levels[track], first != level { continue }
            levels[track] = level
            if result[track]?.contains(genre) != true { result[track, default: []].append(genre) }
        }
        return result
    }

    /// The match keys of each track's credited artists, in credit order.
    private func creditedKeys(_ db: Database, ids: [Int64]) throws -> [Int64: [String]] {
        var keys: [Int64: [String]] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT track_id, match_key FROM track_artists WHERE track_id IN (\(Self.marks(ids.count))) ORDER BY track_id, position
            """, arguments: StatementArguments(ids)) {
            keys[row[0], default: []].append(row[1])
        }
        return keys
    }

    public func artistCredits() throws -> [String] {
        try database.pool.read { db in
            try String.fetchAll(db, sql: """
                SELECT DISTINCT COALESCE(artist, album_artist, 'Unknown Artist') FROM tracks WHERE missing_since IS NULL
                """)
        }
    }

    public func trackIDs(creditedTo credits: [String]) throws -> [Int64] {
        guard !credits.isEmpty else { return [] }
        return try database.pool.read { db in
            try Int64.fetchAll(db, sql: """
                SELECT id FROM tracks WHERE missing_since IS NULL
                AND COALESCE(artist, album_artist, 'Unknown Artist') IN (\(Self.marks(credits.count)))
                """, arguments: StatementArguments(credits))
        }
    }

    public func trackIDs(creditingArtistKey artistKey: String) throws -> [Int64] {
        try database.pool.read { db in
            try Int64.fetchAll(db, sql: """
                SELECT DISTINCT a.track_id FROM track_artists a JOIN tracks t ON t.id = a.track_id
                WHERE a.match_key = ? AND t.missing_since IS NULL ORDER BY a.track_id
                """, arguments: [artistKey])
        }
    }

    public func genreNames() throws -> [String] {
        try database.pool.read { db in
            try String.fetchAll(db, sql: """
                SELECT genre FROM track_genres UNION SELECT genre FROM album_genres UNION SELECT genre FROM artist_genres
                """)
        }
    }

    public func trackIDs(withGenres genres: [String]) throws -> [Int64] {
        guard !genres.isEmpty else { return [] }
        return try database.pool.read { db in
            let marks = Self.marks(genres.count)
            return try Int64.fetchAll(db, sql: """
                SELECT id FROM tracks WHERE missing_since IS NULL AND (
                    id IN (SELECT track_id FROM track_genres WHERE genre IN (\(marks)))
                    OR album_id IN (SELECT album_id FROM album_genres WHERE genre IN (\(marks)))
                    OR artist_id IN (SELECT artist_id FROM artist_genres WHERE genre IN (\(marks))))
                """, arguments: StatementArguments(genres + genres + genres))
        }
    }

    public func genreParents() throws -> [(genre: String, parent: String)] {
        try database.pool.read { db in
            guard try db.tableExists("genre_parents") else { return [] }
            return try Row.fetchAll(db, sql: "SELECT genre, parent FROM genre_parents").map { ($0[0], $0[1]) }
        }
    }

    public func trackIDs(excludedByGenres genres: [String]) throws -> [Int64] {
        guard !genres.isEmpty else { return [] }
        return try database.pool.read { db in
            let marks = Self.marks(genres.count)
            return try Int64.fetchAll(db, sql: """
                WITH tagged(id) AS (SELECT DISTINCT track_id FROM track_genres WHERE genre IN (\(marks))),
                album_share(album_id) AS (
                    SELECT album_id FROM tracks WHERE album_id IS NOT NULL AND missing_since IS NULL
                    GROUP BY album_id HAVING 2 * SUM(id IN tagged) >= COUNT(*))
                SELECT id FROM tracks WHERE missing_since IS NULL AND (
                    id IN tagged
                    OR album_id IN album_share
                    OR album_id IN (SELECT album_id FROM album_genres WHERE genre IN (\(marks)))
                    OR artist_id IN (SELECT artist_id FROM artist_genres WHERE genre IN (\(marks))))
                ORDER BY id
                """, arguments: StatementArguments(genres + genres + genres))
        }
    }

    public func trackIDs(path: String) throws -> [Int64] {
        let suffix = path.hasPrefix("/") ? path : "/" + path
        return try database.pool.read { db in
            try Int64.fetchAll(db, sql: """
                SELECT id FROM tracks WHERE missing_since IS NULL
                AND (path = ? OR substr(path, -length(?)) = ?) ORDER BY id
                """, arguments: [path, suffix, suffix])
        }
    }

    private static func marks(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ",")
    }
}
