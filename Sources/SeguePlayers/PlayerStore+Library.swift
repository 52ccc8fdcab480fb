import GRDB
import SegueCore

extension PlayerStore {
    /// The first of `paths` that is a present library track.
    func libraryTrack(paths: [String]) throws -> String? {
        guard !paths.isEmpty else { return nil }
        return try database.pool.read { db in
            let found = Set(try String.fetchAll(db, sql: """
                SELECT path FROM tracks WHERE missing_since IS NULL AND path IN (\(paths.map { _ in "?" }.joined(separator: ",")))
                """, arguments: StatementArguments(paths)))
            return paths.first(where: found.contains)
        }
    }

    /// The present library track of a MusicBrainz recording (the oldest row, of several copies).
    func libraryTrack(recording: String) throws -> String? {
        try database.pool.read { db in
            try String.fetchOne(db, sql: "SELECT path FROM tracks WHERE missing_since IS NULL AND mb_recording_id = ? ORDER BY id LIMIT 1",
                                arguments: [recording])
        }
    }

    /// The present library track whose artist, album and title give `matchKey` (`RemoteSong.matchKey`),
    /// the one nearest `durationSeconds` and within 3 s of it when both are known. The
    /// title narrows the search first, compared as SQLite compares without case.
    func libraryTrack(matchKey: String, title: String, durationSeconds: Int?) throws -> String? {
        try database.pool.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT path, COALESCE(artist, album_artist, ''), COALESCE(album, ''), title, duration_ms FROM tracks
                WHERE missing_since IS NULL AND title = ? COLLATE NOCASE ORDER BY id
                """, arguments: [title])
            let scored = rows.compactMap { row -> (String, Int)? in
                guard RemoteSong.matchKey(artist: row[1], album: row[2], title: row[3]) == matchKey else { return nil }
                let milliseconds: Int64? = row[4]
                guard let milliseconds, let durationSeconds else { return (row[0], 0) }
                let gap = abs(Int((milliseconds + 500) / 1000) - durationSeconds)
                return gap <= 3 ? (row[0], gap) : nil
            }
            return scored.min { $0.1 < $1.1 }?.0
        }
    }
}
