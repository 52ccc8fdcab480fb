import Foundation
import GRDB
import SegueCore

/// Tracks read from the database as a catalog asks for them: tags, analysis, genres (the
/// track's own, else its album's, else its artist's) and play counts.
public struct DatabaseTrackSource: TrackSource {
    let database: AppDatabase
    /// What batches share: a night's tracks come in batches of a few hundred, and their
    /// albums, artists and credits recur from batch to batch.
    private let shared = Shared()

    /// Album and artist genres and artist keys read so far, by id and credit.
    private final class Shared: @unchecked Sendable {
        let lock = NSLock()
        var albumGenres: [Int64: [String]] = [:]
        var artistGenres: [Int64: [String]] = [:]
        var artistKeys: [String: String] = [:]
    }

    public init(database: AppDatabase) {
        self.database = database
    }

    public func tracks(ids: [Int64]) throws -> [TrackInfo] {
        guard !ids.isEmpty else { return [] }
        return try database.pool.read { db in
            // Columns by position: name lookups cost more than the rest of a row.
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT t.id, t.path, t.title, t.artist, t.album_artist, t.album, t.duration_ms, t.album_id, t.artist_id,
                       f.bpm, f.musical_key, f.mode, f.loudness_lufs
                FROM tracks t LEFT JOIN sonic_features f ON f.track_id = t.id
                WHERE t.missing_since IS NULL AND t.id IN (SELECT value FROM json_each(?))
                """), arguments: [Self.list(ids)])
            let genres = try genresByTrack(db, rows: rows)
            let plays = try playsByTrack(db, ids: ids)
            let credited = try creditedKeys(db, ids: ids)
            shared.lock.lock()
            defer { shared.lock.unlock() }
            return rows.map { row in
                let id: Int64 = row[0]
                let path: String = row[1]
                let credit: String = row[3] ?? row[4] ?? "Unknown Artist"
                let artistKey = shared.artistKeys[credit] ?? TrackInfo.artistKey(credit)
                shared.artistKeys[credit] = artistKey
                let key: String? = row[10]
                let mode: String? = row[11]
                let durationMs: Int64? = row[6]
                return TrackInfo(
                    id: id, path: path,
                    title: row[2] ?? ((path as NSString).lastPathComponent as NSString).deletingPathExtension,
                    artist: credit, album: row[5] ?? "",
                    durationSeconds: durationMs.map { Double($0) / 1000 }, bpm: row[9],
                    key: key.map { [$0, mode].compactMap { $0 }.joined(separator: " ") }, loudness: row[12],
                    genres: genres[id] ?? [], plays: plays[id] ?? 0, artistKey: artistKey, creditedKeys: credited[id] ?? [])
            }
        }
    }

    /// The most specific genres of each of `rows`' tracks (id, album id and artist id at
    /// positions 0, 7 and 8), strongest first: the track's own, else its album's, else its
    /// artist's. Each table is asked once for the batch, and each album and artist once a run
    /// however many of its tracks are asked for.
    private func genresByTrack(_ db: Database, rows: [Row]) throws -> [Int64: [String]] {
        let ids: [Int64] = rows.map { $0[0] }
        var result = try Self.genres(db, table: "track_genres", column: "track_id", ids: ids)
        let bare = rows.filter { result[$0[0] as Int64] == nil }
        shared.lock.lock()
        defer { shared.lock.unlock() }
        let newAlbums = Set(bare.compactMap { $0[7] as Int64? }).filter { shared.albumGenres[$0] == nil }
        shared.albumGenres.merge(try Self.genres(db, table: "album_genres", column: "album_id", ids: Array(newAlbums))) { $1 }
        // An empty list marks an album or artist asked for that has none.
        for album in newAlbums where shared.albumGenres[album] == nil { shared.albumGenres[album] = [] }
        let newArtists = Set(bare.compactMap { $0[8] as Int64? }).filter { shared.artistGenres[$0] == nil }
        shared.artistGenres.merge(try Self.genres(db, table: "artist_genres", column: "artist_id", ids: Array(newArtists))) { $1 }
        for artist in newArtists where shared.artistGenres[artist] == nil { shared.artistGenres[artist] = [] }
        for row in bare {
            let album: Int64? = row[7], artist: Int64? = row[8]
            let genres = album.flatMap { shared.albumGenres[$0] }.flatMap { $0.isEmpty ? nil : $0 }
                ?? artist.flatMap { shared.artistGenres[$0] }.flatMap { $0.isEmpty ? nil : $0 }
            if let genres { result[row[0]] = genres }
        }
        return result
    }

    /// `table`'s genres of each of `ids` that has any, strongest first, each name once.
    private static func genres(_ db: Database, table: String, column: String, ids: [Int64]) throws -> [Int64: [String]] {
        guard !ids.isEmpty else { return [:] }
        var result: [Int64: [String]] = [:]
        for row in try Row.fetchAll(db.cachedStatement(sql: """
            SELECT \(column), genre FROM \(table) WHERE \(column) IN (SELECT value FROM json_each(?)) ORDER BY \(column), weight DESC, genre
            """), arguments: [list(ids)]) {
            let owner: Int64 = row[0], genre: String = row[1]
            if result[owner]?.contains(genre) != true { result[owner, default: []].append(genre) }
        }
        return result
    }

    /// Listens of each of `ids` that has any; empty without a history.
    private func playsByTrack(_ db: Database, ids: [Int64]) throws -> [Int64: Int] {
        guard try PlaylistStore.hasListens(db) else { return [:] }
        var plays: [Int64: Int] = [:]
        for row in try Row.fetchAll(db.cachedStatement(sql: """
            SELECT track_id, COUNT(*) FROM listens WHERE track_id IN (SELECT value FROM json_each(?)) GROUP BY track_id
            """), arguments: [Self.list(ids)]) {
            plays[row[0]] = row[1]
        }
        return plays
    }

    /// The match keys of each track's credited artists, in credit order.
    private func creditedKeys(_ db: Database, ids: [Int64]) throws -> [Int64: [String]] {
        var keys: [Int64: [String]] = [:]
        for row in try Row.fetchAll(db.cachedStatement(sql: """
            SELECT track_id, match_key FROM track_artists WHERE track_id IN (SELECT value FROM json_each(?)) ORDER BY track_id, position
            """), arguments: [Self.list(ids)]) {
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

    /// Ids as one JSON array, read with `json_each`: one statement, prepared once, for any
    /// number of ids, where a `?` per id costs a parse of its own for every batch.
    private static func list(_ ids: [Int64]) -> String {
        "[" + ids.map(String.init).joined(separator: ",") + "]"
    }

    private static func marks(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ",")
    }
}
