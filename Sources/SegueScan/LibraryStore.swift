import Foundation
import GRDB
import SegueAudio
import SegueCore

/// The scan's reads and writes: tracks, their artists, albums and file genres, and
/// `scan_failures`. One write transaction per batch.
final class LibraryStore {
    private let database: AppDatabase
    /// Artist and album ids by match key, filled as rows are found or made.
    private var artistIDs: [String: Int64] = [:]
    private var albumIDs: [String: Int64] = [:]
    /// Artists whose row already holds a MusicBrainz id: no upsert needed to add one.
    private var artistsWithMBID: Set<String> = []

    init(database: AppDatabase) {
        self.database = database
    }

    func loadKnownFiles() throws -> KnownFiles {
        try database.pool.read(KnownFiles.load)
    }

    /// Writes one batch in one transaction.
    func write(_ changes: [ScanChange], at now: Date) throws {
        guard !changes.isEmpty else { return }
        try database.pool.write { db in
            for change in changes {
                try apply(change, db: db, now: now)
            }
        }
    }

    /// Ends a scan: marks tracks not seen missing, purges those missing since before
    /// `purgeBefore`, drops failure rows of files that are fine now or gone, records the
    /// filesystem of each folder scanned (`devices`, by folder path), and, after retagging
    /// (`retagged`) or a purge, albums and artists no track refers to any more.
    /// Returns how many tracks were purged.
    func finish(missingIDs: [Int64], purgeBefore: Date, keepFailures: Set<String>, knownFailures: [String],
                devices: [String: UInt64], retagged: Bool, at now: Date) throws -> Int {
        let staleFailures = knownFailures.filter { !keepFailures.contains($0) }
        return try database.pool.write { db in
            for (path, device) in devices {
                try db.execute(sql: """
                    INSERT INTO music_folders (path, device, checked_at) VALUES (?, ?, ?)
                    ON CONFLICT(path) DO UPDATE SET device = excluded.device, checked_at = excluded.checked_at
                    """, arguments: [path, Int64(bitPattern: device), now])
            }
            for id in missingIDs {
                try db.execute(sql: "UPDATE tracks SET missing_since = ? WHERE id = ? AND missing_since IS NULL", arguments: [now, id])
            }
            for path in staleFailures {
                try db.execute(sql: "DELETE FROM scan_failures WHERE path = ?", arguments: [path])
            }
            try db.execute(sql: "DELETE FROM tracks WHERE missing_since IS NOT NULL AND missing_since <= ?", arguments: [purgeBefore])
            let purged = db.changesCount
            if purged > 0 || retagged {
                // Albums and artists nothing refers to any more would only cost genre lookups.
                try db.execute(sql: "DELETE FROM albums WHERE id NOT IN (SELECT album_id FROM tracks WHERE album_id IS NOT NULL)")
                try db.execute(sql: """
                    DELETE FROM artists WHERE id NOT IN (SELECT artist_id FROM tracks WHERE artist_id IS NOT NULL)
                    AND id NOT IN (SELECT artist_id FROM albums WHERE artist_id IS NOT NULL)
                    """)
                artistIDs.removeAll()
                albumIDs.removeAll()
                artistsWithMBID.removeAll()
            }
            return purged
        }
    }

    /// Counts of `scan_failures` rows by kind, for the summary.
    func failureCounts() throws -> [String: Int] {
        try database.pool.read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT kind, COUNT(*) FROM scan_failures GROUP BY kind") {
                counts[row[0]] = row[1]
            }
            return counts
        }
    }

    private func apply(_ change: ScanChange, db: Database, now: Date) throws {
        switch change {
        case let .add(path, file, tags, inferred):
            let ids = try resolve(tags, db: db)
            try execute(db, """
                INSERT INTO tracks (path, size, mtime, fingerprint, fingerprint_version, \(Self.tagColumns.joined(separator: ", ")),
                    artist_id, album_id, content_changed_at, scanned_at)
                VALUES (?, ?, ?, ?, ?, \(Self.tagColumns.map { _ in "?" }.joined(separator: ", ")), ?, ?, ?, ?)
                """, arguments: [path, file.size, file.mtime, file.fingerprint, AudioIdentity.version] + Self.tagValues(tags, inferred: inferred)
                    + [ids.artist, ids.album, now, now])
            let trackID = db.lastInsertedRowID
            try writeGenres(tags.genres, trackID: trackID, db: db)
            try writeArtists(ids.credited, trackID: trackID, db: db)
            try noteTagProblems(tags, path: path, file: file, db: db, now: now)
        case let .update(trackID, path, file, tags, inferred, _), let .move(trackID, path, file, tags, inferred):
            let ids = try resolve(tags, db: db)
            // Only new audio makes the analysis stale: segue-analyze compares content_changed_at.
            let stale: Bool = if case .update(_, _, _, _, _, .audio) = change { true } else { false }
            try execute(db, """
                UPDATE tracks SET path = ?, size = ?, mtime = ?, fingerprint = ?, fingerprint_version = ?,
                    \(Self.tagColumns.map { "\($0) = ?" }.joined(separator: ", ")),
                    artist_id = ?, album_id = ?, missing_since = NULL, scanned_at = ?,
                    content_changed_at = CASE WHEN ? THEN ? ELSE content_changed_at END
                WHERE id = ?
                """, arguments: [path, file.size, file.mtime, file.fingerprint, AudioIdentity.version] + Self.tagValues(tags, inferred: inferred)
                    + [ids.artist, ids.album, now, stale, now, trackID])
            try writeGenres(tags.genres, trackID: trackID, db: db)
            try writeArtists(ids.credited, trackID: trackID, db: db)
            try noteTagProblems(tags, path: path, file: file, db: db, now: now)
        case let .restore(trackID):
            try execute(db, "UPDATE tracks SET missing_since = NULL WHERE id = ?", arguments: [trackID])
        case let .failure(path, kind, reason, size, mtime, trackID):
            try upsertFailure(path: path, kind: kind, reason: reason, size: size, mtime: mtime, db: db, now: now)
            if let trackID {
                try execute(db, "UPDATE tracks SET missing_since = ? WHERE id = ? AND missing_since IS NULL", arguments: [now, trackID])
            }
        }
    }

    private static let tagColumns = [
        "title", "artist", "album_artist", "album", "track_number", "track_total", "disc_number", "disc_total",
        "year", "date", "compilation", "duration_ms", "codec", "sample_rate", "channels", "bitrate",
        "mb_recording_id", "mb_release_track_id", "mb_artist_id", "mb_album_artist_id", "mb_release_id",
        "mb_release_group_id", "isrc", "tags_inferred",
    ]

    private static func tagValues(_ tags: TrackTags, inferred: Bool) -> StatementArguments {
        let values: [(any DatabaseValueConvertible)?] = [
            tags.title, tags.artist, tags.albumArtist, tags.album, tags.trackNumber, tags.trackTotal, tags.discNumber, tags.discTotal,
            tags.year, tags.date, tags.compilation, tags.durationMs, tags.codec, tags.sampleRate, tags.channels, tags.bitrate,
            tags.mbRecordingID, tags.mbReleaseTrackID, tags.mbArtistIDs.first, tags.mbAlbumArtistID, tags.mbReleaseID,
            tags.mbReleaseGroupID, tags.isrc, inferred,
        ]
        return StatementArguments(values)
    }

    private func writeGenres(_ genres: [String], trackID: Int64, db: Database) throws {
        try execute(db, "DELETE FROM track_genres WHERE track_id = ? AND source = 'file'", arguments: [trackID])
        for genre in genres {
            try execute(db, "INSERT OR IGNORE INTO track_genres (track_id, genre, weight, source) VALUES (?, ?, 1, 'file')",
                           arguments: [trackID, genre])
        }
    }

    private func writeArtists(_ credited: [(name: String, mbid: String?)], trackID: Int64, db: Database) throws {
        try execute(db, "DELETE FROM track_artists WHERE track_id = ?", arguments: [trackID])
        for (position, artist) in credited.enumerated() {
            try execute(db, "INSERT INTO track_artists (track_id, position, name, match_key, mb_artist_id) VALUES (?, ?, ?, ?, ?)",
                        arguments: [trackID, position, artist.name, MatchKey.make(artist.name), artist.mbid])
        }
    }

    private func noteTagProblems(_ tags: TrackTags, path: String, file: FileFacts, db: Database, now: Date) throws {
        guard let first = tags.problems.first else {
            try execute(db, "DELETE FROM scan_failures WHERE path = ?", arguments: [path])
            return
        }
        let kind = first.scanProblem
        let reason = tags.problems.map(\.description).joined(separator: "; ")
        try upsertFailure(path: path, kind: kind, reason: reason, size: file.size, mtime: file.mtime, db: db, now: now)
    }

    private func upsertFailure(path: String, kind: ScanProblem, reason: String, size: Int?, mtime: Double?, db: Database, now: Date) throws {
        try execute(db, """
            INSERT INTO scan_failures (path, kind, reason, size, mtime, seen_at) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT(path) DO UPDATE SET kind = excluded.kind, reason = excluded.reason, size = excluded.size,
                mtime = excluded.mtime, seen_at = excluded.seen_at
            """, arguments: [path, kind.rawValue, reason, size, mtime, now])
    }

    /// The primary artist's row and the album's row, made when new, and the credited artists.
    private func resolve(_ tags: TrackTags, db: Database) throws -> (artist: Int64?, album: Int64?,
                                                                     credited: [(name: String, mbid: String?)]) {
        let credit = TrackCredit(tags: tags)
        var trackArtistID: Int64?
        if let primary = credit.primary {
            trackArtistID = try artistRowID(name: primary, mbid: tags.mbArtistIDs.first, db: db)
        }
        guard let title = tags.album else { return (trackArtistID, nil, credit.credited) }
        let albumArtist = credit.albumArtist
        let key = MatchKey.make(albumArtist) + "\u{1F}" + MatchKey.make(title)
        if let id = albumIDs[key] { return (trackArtistID, id, credit.credited) }
        let albumArtistID = credit.isVariousArtists || credit.albumArtistPrimary.isEmpty ? nil : try artistRowID(name: credit.albumArtistPrimary, mbid: tags.mbAlbumArtistID, db: db)
        let id = try Int64.fetchOne(db.cachedStatement(sql: """
            INSERT INTO albums (title, album_artist, match_key, artist_id, mb_release_group_id, mb_release_id, year)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(match_key) DO UPDATE SET
                artist_id = COALESCE(albums.artist_id, excluded.artist_id),
                mb_release_group_id = COALESCE(albums.mb_release_group_id, excluded.mb_release_group_id),
                mb_release_id = COALESCE(albums.mb_release_id, excluded.mb_release_id),
                year = COALESCE(albums.year, excluded.year)
            RETURNING id
            """), arguments: [title, albumArtist, key, albumArtistID, tags.mbReleaseGroupID, tags.mbReleaseID, tags.year])
        albumIDs[key] = id
        return (trackArtistID, id, credit.credited)
    }

    private func artistRowID(name: String, mbid: String?, db: Database) throws -> Int64? {
        let key = MatchKey.make(name)
        if let id = artistIDs[key], mbid == nil || artistsWithMBID.contains(key) { return id }
        let id = try Int64.fetchOne(db.cachedStatement(sql: """
            INSERT INTO artists (name, match_key, mb_artist_id) VALUES (?, ?, ?)
            ON CONFLICT(match_key) DO UPDATE SET mb_artist_id = COALESCE(artists.mb_artist_id, excluded.mb_artist_id)
            RETURNING id
            """), arguments: [name, key, mbid])
        artistIDs[key] = id
        if mbid != nil { artistsWithMBID.insert(key) }
        return id
    }

    /// Runs a statement compiled once per connection: the same few run for every file.
    private func execute(_ db: Database, _ sql: String, arguments: StatementArguments) throws {
        try db.cachedStatement(sql: sql).execute(arguments: arguments)
    }
}
