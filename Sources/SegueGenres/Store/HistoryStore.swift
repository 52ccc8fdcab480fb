import Foundation
import GRDB
import SegueCore

/// Listening history: listens stored once each (source, time, artist, title), the point up
/// to which each user's history is complete, and matches to library tracks.
public struct HistoryStore: Sendable {
    let database: AppDatabase

    public init(database: AppDatabase) {
        self.database = database
    }

    public struct SyncPoint: Sendable {
        /// The newest listen time up to which the history is fully stored.
        public var completeUntil: Date
        /// When the history was last fetched to the end.
        public var syncedAt: Date
    }

    public func syncPoint(source: String, user: String) throws -> SyncPoint? {
        try database.pool.read { db in
            try Row.fetchOne(db, sql: "SELECT complete_until, synced_at FROM history_sync WHERE source = ? AND user = ?",
                             arguments: [source, user]).map { SyncPoint(completeUntil: $0["complete_until"], syncedAt: $0["synced_at"]) }
        }
    }

    public func setSyncPoint(_ point: SyncPoint, source: String, user: String) throws {
        try database.pool.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO history_sync (source, user, complete_until, synced_at) VALUES (?, ?, ?, ?)",
                           arguments: [source, user, point.completeUntil, point.syncedAt])
        }
    }

    /// Stores a page of listens, skipping ones already stored; returns how many were new.
    @discardableResult
    public func save(_ listens: [Listen]) throws -> Int {
        try database.pool.write { db in
            var added = 0
            for listen in listens {
                try db.execute(sql: """
                    INSERT OR IGNORE INTO listens (source, listened_at, artist, title, album, recording_mbid)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [listen.source, listen.listenedAt, listen.artist, listen.title, listen.album, listen.recordingMBID])
                added += db.changesCount
            }
            return added
        }
    }

    public struct UnmatchedListen: Sendable {
        public var id: Int64
        public var artist: String
        public var title: String
        public var recordingMBID: String?
    }

    public func unmatched() throws -> [UnmatchedListen] {
        try database.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, artist, title, recording_mbid FROM listens WHERE track_id IS NULL").map { row in
                UnmatchedListen(id: row["id"], artist: row["artist"], title: row["title"], recordingMBID: row["recording_mbid"])
            }
        }
    }

    public func libraryTracks() throws -> [HistoryMatcher.Track] {
        try database.pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, title, artist, album_artist, mb_recording_id FROM tracks
                WHERE missing_since IS NULL AND title IS NOT NULL AND artist IS NOT NULL
                """).map { row in
                HistoryMatcher.Track(id: row["id"], title: row["title"], artist: row["artist"],
                                     albumArtist: row["album_artist"], recordingMBID: row["mb_recording_id"])
            }
        }
    }

    public func saveMatches(_ matches: [(listen: Int64, track: Int64, method: String)]) throws {
        try database.pool.write { db in
            for match in matches {
                try db.execute(sql: "UPDATE listens SET track_id = ?, match_method = ? WHERE id = ?",
                               arguments: [match.track, match.method, match.listen])
            }
        }
    }
}
