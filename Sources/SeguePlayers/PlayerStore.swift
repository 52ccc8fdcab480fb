import Foundation
import GRDB
import SegueCore

/// The push's reads and writes: tonight's tracks, each player's cached library, the playlists
/// Segue created there, and how each push ended. Every write is one short transaction.
struct PlayerStore: Sendable {
    let database: AppDatabase

    /// What is known of one player from earlier nights.
    struct ServerState: Sendable, Equatable {
        var libraryVersion: String?
        var announced: String?
        var songCount: Int
    }

    struct Pushed: Sendable, Equatable {
        var remoteID: String
        /// Of the name and songs (`PlayerPlaylist.digest`).
        var digest: String
        /// The comment last sent; nil when not known (pushed before comments were kept).
        var comment: String?
    }

    /// How a player's last push ended, for `--status`.
    struct LastPush: Sendable {
        var name: String
        var kind: String
        var at: Date?
        var status: String?
        var message: String?
        var songs: Int
        var playlists: Int
    }

    // MARK: Reads

    func tracks(ids: [Int64]) throws -> [Int64: PlayerTrack] {
        try database.pool.read { db in
            var result: [Int64: PlayerTrack] = [:]
            let unique = Array(Set(ids))
            for start in stride(from: 0, to: unique.count, by: 500) {
                let chunk = Array(unique[start..<min(start + 500, unique.count)])
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                for row in try Row.fetchAll(db, sql: """
                    SELECT id, path, mb_recording_id, COALESCE(artist, '') AS artist, COALESCE(album, '') AS album,
                           COALESCE(title, '') AS title, duration_ms FROM tracks WHERE id IN (\(marks))
                    """, arguments: StatementArguments(chunk)) {
                    let milliseconds: Int64? = row["duration_ms"]
                    result[row["id"]] = PlayerTrack(id: row["id"], path: row["path"], mbRecordingID: row["mb_recording_id"],
                                                    artist: row["artist"], album: row["album"], title: row["title"],
                                                    durationSeconds: milliseconds.map { Int(($0 + 500) / 1000) })
                }
            }
            return result
        }
    }

    func state(server: String) throws -> ServerState? {
        try database.pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT library_version, announced FROM player_servers WHERE name = ?",
                                             arguments: [server]) else { return nil }
            let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM player_songs WHERE server = ?", arguments: [server]) ?? 0
            return ServerState(libraryVersion: row["library_version"], announced: row["announced"], songCount: count)
        }
    }

    /// The server's song for a path, a MusicBrainz recording, or artist + album + title (the
    /// one nearest in duration, within 3 s when both durations are known).
    func song(server: String, path: String) throws -> String? {
        try database.pool.read { db in
            try String.fetchOne(db, sql: "SELECT song_id FROM player_songs WHERE server = ? AND path = ? LIMIT 1", arguments: [server, path])
        }
    }

    func song(server: String, recording: String) throws -> String? {
        try database.pool.read { db in
            try String.fetchOne(db, sql: "SELECT song_id FROM player_songs WHERE server = ? AND mb_recording_id = ? LIMIT 1",
                                arguments: [server, recording])
        }
    }

    func song(server: String, matchKey: String, durationSeconds: Int?) throws -> String? {
        try database.pool.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT song_id, duration_seconds FROM player_songs WHERE server = ? AND match_key = ?",
                                        arguments: [server, matchKey])
            let scored = rows.compactMap { row -> (String, Int)? in
                let duration: Int? = row["duration_seconds"]
                guard let duration, let durationSeconds else { return (row["song_id"], 0) }
                let gap = abs(duration - durationSeconds)
                return gap <= 3 ? (row["song_id"], gap) : nil
            }
            return scored.min { $0.1 < $1.1 }?.0
        }
    }

    func pushed(server: String) throws -> [String: Pushed] {
        try database.pool.read { db in
            var result: [String: Pushed] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT name, remote_id, digest, comment FROM player_playlists WHERE server = ?",
                                        arguments: [server]) {
                result[row["name"]] = Pushed(remoteID: row["remote_id"], digest: row["digest"], comment: row["comment"])
            }
            return result
        }
    }

    func lastPushes() throws -> [LastPush] {
        try database.pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT s.name, s.kind, s.last_push_at, s.last_status, s.last_message,
                       (SELECT COUNT(*) FROM player_songs WHERE server = s.name) AS songs,
                       (SELECT COUNT(*) FROM player_playlists WHERE server = s.name) AS playlists
                FROM player_servers s ORDER BY s.name
                """).map { row in
                LastPush(name: row["name"], kind: row["kind"], at: row["last_push_at"], status: row["last_status"],
                         message: row["last_message"], songs: row["songs"], playlists: row["playlists"])
            }
        }
    }

    // MARK: Writes

    static let upsertSong = """
        INSERT INTO player_songs (server, song_id, path, mb_recording_id, match_key, duration_seconds) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT(server, song_id) DO UPDATE SET path = excluded.path, mb_recording_id = excluded.mb_recording_id,
            match_key = excluded.match_key, duration_seconds = excluded.duration_seconds
        """

    func register(server: String, kind: String) throws {
        try database.pool.write { db in
            try db.execute(sql: "INSERT INTO player_servers (name, kind) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET kind = excluded.kind",
                           arguments: [server, kind])
        }
    }

    func setAnnounced(server: String, _ announced: String) throws {
        try database.pool.write { db in
            try db.execute(sql: "UPDATE player_servers SET announced = ? WHERE name = ?", arguments: [announced, server])
        }
    }

    /// Makes the cached library equal to `songs`, touching only rows that changed, and records
    /// the library version it reflects. Returns how many rows changed.
    @discardableResult
    func replaceLibrary(server: String, songs: [RemoteSong], version: String?, at date: Date) throws -> Int {
        try database.pool.write { db in
            var cached: [String: Row] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT song_id, path, mb_recording_id, match_key, duration_seconds FROM player_songs WHERE server = ?
                """, arguments: [server]) {
                cached[row["song_id"]] = row
            }
            var changed = 0
            let upsert = try db.makeStatement(sql: Self.upsertSong)
            for song in songs {
                let key = song.matchKey
                if let row = cached.removeValue(forKey: song.id), row["path"] as String? == song.path,
                   row["mb_recording_id"] as String? == song.mbRecordingID, row["match_key"] as String == key,
                   row["duration_seconds"] as Int? == song.durationSeconds {
                    continue
                }
                try upsert.execute(arguments: [server, song.id, song.path, song.mbRecordingID, key, song.durationSeconds])
                changed += 1
            }
            let delete = try db.makeStatement(sql: "DELETE FROM player_songs WHERE server = ? AND song_id = ?")
            for id in cached.keys {
                try delete.execute(arguments: [server, id])
                changed += 1
            }
            try db.execute(sql: "UPDATE player_servers SET library_version = ?, library_synced_at = ? WHERE name = ?",
                           arguments: [version, date, server])
            return changed
        }
    }

    func savePushed(server: String, name: String, _ pushed: Pushed, at date: Date) throws {
        try database.pool.write { db in
            try db.execute(sql: """
                INSERT INTO player_playlists (server, name, remote_id, digest, comment, pushed_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(server, name) DO UPDATE SET remote_id = excluded.remote_id, digest = excluded.digest,
                    comment = excluded.comment, pushed_at = excluded.pushed_at
                """, arguments: [server, name, pushed.remoteID, pushed.digest, pushed.comment, date])
        }
    }

    func forgetPushed(server: String, name: String) throws {
        try database.pool.write { db in
            try db.execute(sql: "DELETE FROM player_playlists WHERE server = ? AND name = ?", arguments: [server, name])
        }
    }

    func finish(server: String, status: String, message: String, at date: Date) throws {
        try database.pool.write { db in
            try db.execute(sql: "UPDATE player_servers SET last_push_at = ?, last_status = ?, last_message = ? WHERE name = ?",
                           arguments: [date, status, message, server])
        }
    }
}

extension PlayerStore {
    /// Forgets which library version the cache reflects, so the next push lists it again.
    func replaceLibraryVersion(server: String, _ version: String?) throws {
        try database.pool.write { db in
            try db.execute(sql: "UPDATE player_servers SET library_version = ? WHERE name = ?", arguments: [version, server])
        }
    }
}

extension PlayerStore {
    /// Adds or updates `songs` in the cached library (those a server says changed since a
    /// time), leaving the others, and records the library version.
    func updateLibrary(server: String, songs: [RemoteSong], version: String?, at date: Date) throws {
        try database.pool.write { db in
            let upsert = try db.makeStatement(sql: Self.upsertSong)
            for song in songs {
                try upsert.execute(arguments: [server, song.id, song.path, song.mbRecordingID, song.matchKey, song.durationSeconds])
            }
            try db.execute(sql: "UPDATE player_servers SET library_version = ?, library_synced_at = ? WHERE name = ?",
                           arguments: [version, date, server])
        }
    }
}
