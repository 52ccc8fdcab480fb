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
        /// Whether any listen is known, asked once: a library without a history asks no batch for plays.
        var hasListens: Bool?
    }

    public init(database: AppDatabase) {
        self.database = database
    }

    /// One row of `tracks` with its features, as `tracks(ids:)` reads it.
    private struct TrackRow {
        var id: Int64
        var path: String
        var title: String?
        var credit: String?
        var album: String?
        var durationMs: Int64?
        var albumID: Int64?
        var artistID: Int64?
        var bpm: Double?
        var key: String?
        var mode: String?
        var loudness: Double?
    }

    public func tracks(ids: [Int64]) throws -> [TrackInfo] {
        guard !ids.isEmpty else { return [] }
        return try database.pool.read { db in
            var rows: [TrackRow] = []
            rows.reserveCapacity(ids.count)
            try SteppedRow.forEach(db, db.cachedStatement(sql: """
                SELECT t.id, t.path, t.title, COALESCE(t.artist, t.album_artist), t.album, t.duration_ms, t.album_id, t.artist_id,
                       f.bpm, f.musical_key, f.mode, f.loudness_lufs
                FROM tracks t LEFT JOIN sonic_features f ON f.track_id = t.id
                WHERE t.missing_since IS NULL AND t.id IN (SELECT value FROM json_each(?))
                """), arguments: [Self.list(ids)]) { row in
                rows.append(TrackRow(
                    id: row.int64(0), path: row.text(1), title: row.optionalText(2), credit: row.optionalText(3),
                    album: row.optionalText(4), durationMs: row.optionalInt64(5), albumID: row.optionalInt64(6),
                    artistID: row.optionalInt64(7), bpm: row.optionalDouble(8), key: row.optionalText(9), mode: row.optionalText(10),
                    loudness: row.optionalDouble(11)))
            }
            let genres = try genresByTrack(db, rows: rows)
            let plays = try playsByTrack(db, ids: ids)
            let credited = try creditedKeys(db, ids: ids)
            shared.lock.lock()
            defer { shared.lock.unlock() }
            return rows.map { row in
                let credit = row.credit ?? "Unknown Artist"
                let artistKey = shared.artistKeys[credit] ?? TrackInfo.artistKey(credit)
                shared.artistKeys[credit] = artistKey
                return TrackInfo(
                    id: row.id, path: row.path,
                    title: row.title ?? ((row.path as NSString).lastPathComponent as NSString).deletingPathExtension,
                    artist: credit, album: row.album ?? "",
                    durationSeconds: row.durationMs.map { Double($0) / 1000 }, bpm: row.bpm,
                    key: row.key.map { key in row.mode.map { key + " " + $0 } ?? key }, loudness: row.loudness,
                    genres: genres[row.id] ?? [], plays: plays[row.id] ?? 0, artistKey: artistKey, creditedKeys: credited[row.id] ?? [])
            }
        }
    }

    /// The most specific genres of each of `rows`' tracks, strongest first: the track's own,
    /// else its album's, else its artist's. Each table is asked once for the batch, and each
    /// album and artist once a run however many of its tracks are asked for.
    private func genresByTrack(_ db: Database, rows: [TrackRow]) throws -> [Int64: [String]] {
        var result = try Self.genres(db, table: "track_genres", column: "track_id", ids: rows.map(\.id))
        let bare = rows.filter { result[$0.id] == nil }
        shared.lock.lock()
        defer { shared.lock.unlock() }
        let newAlbums = Set(bare.compactMap(\.albumID)).filter { shared.albumGenres[$0] == nil }
        shared.albumGenres.merge(try Self.genres(db, table: "album_genres", column: "album_id", ids: Array(newAlbums))) { $1 }
        // An empty list marks an album or artist asked for that has none.
        for album in newAlbums where shared.albumGenres[album] == nil { shared.albumGenres[album] = [] }
        let newArtists = Set(bare.compactMap(\.artistID)).filter { shared.artistGenres[$0] == nil }
        shared.artistGenres.merge(try Self.genres(db, table: "artist_genres", column: "artist_id", ids: Array(newArtists))) { $1 }
        for artist in newArtists where shared.artistGenres[artist] == nil { shared.artistGenres[artist] = [] }
        for row in bare {
            let genres = row.albumID.flatMap { shared.albumGenres[$0] }.flatMap { $0.isEmpty ? nil : $0 }
                ?? row.artistID.flatMap { shared.artistGenres[$0] }.flatMap { $0.isEmpty ? nil : $0 }
            if let genres { result[row.id] = genres }
        }
        return result
    }

    /// `table`'s genres of each of `ids` that has any, strongest first, each name once.
    private static func genres(_ db: Database, table: String, column: String, ids: [Int64]) throws -> [Int64: [String]] {
        guard !ids.isEmpty else { return [:] }
        var result: [Int64: [String]] = [:]
        try SteppedRow.forEach(db, db.cachedStatement(sql: """
            SELECT \(column), genre FROM \(table) WHERE \(column) IN (SELECT value FROM json_each(?)) ORDER BY \(column), weight DESC, genre
            """), arguments: [list(ids)]) { row in
            let owner = row.int64(0), genre = row.text(1)
            if result[owner]?.contains(genre) != true { result[owner, default: []].append(genre) }
        }
        return result
    }

    /// Listens of each of `ids` that has any; empty without a history.
    private func playsByTrack(_ db: Database, ids: [Int64]) throws -> [Int64: Int] {
        shared.lock.lock()
        let known = shared.hasListens
        shared.lock.unlock()
        let hasListens = try known ?? PlaylistStore.hasHistory(db)
        if known == nil {
            shared.lock.lock()
            shared.hasListens = hasListens
            shared.lock.unlock()
        }
        guard hasListens else { return [:] }
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
            // Each part through its own index, not a pass over every track: only an album with
            // a tagged track can mostly carry the genres.
            return try Int64.fetchAll(db, sql: """
                WITH tagged(id) AS (SELECT DISTINCT track_id FROM track_genres WHERE genre IN (\(marks))),
                album_share(album_id) AS (
                    SELECT album_id FROM tracks WHERE album_id IN (SELECT album_id FROM tracks WHERE id IN tagged)
                    AND missing_since IS NULL GROUP BY album_id HAVING 2 * SUM(id IN tagged) >= COUNT(*))
                SELECT id FROM tracks WHERE id IN tagged AND missing_since IS NULL
                UNION SELECT id FROM tracks WHERE album_id IN album_share AND missing_since IS NULL
                UNION SELECT id FROM tracks WHERE album_id IN (SELECT album_id FROM album_genres WHERE genre IN (\(marks)))
                    AND missing_since IS NULL
                UNION SELECT id FROM tracks WHERE artist_id IN (SELECT artist_id FROM artist_genres WHERE genre IN (\(marks)))
                    AND missing_since IS NULL
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
