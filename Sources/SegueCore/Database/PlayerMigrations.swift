import GRDB

/// Tables owned by the push to players (`SeguePlayers`, at the end of `segue-export`).
///
/// - `player_servers`: one row per configured player, with the version of its library that
///   `player_songs` reflects (Subsonic's `lastModified`, Jellyfin's item count and last save),
///   what it announced (OpenSubsonic extensions) and how its last push ended, for `--status`.
/// - `player_songs`: the server's songs as it names them, so a night with an unchanged
///   library maps tonight's tracks by indexed lookups without asking the server again.
/// - `player_playlists`: every playlist Segue created on a player, with its id there and a
///   digest of what was pushed, so it is replaced in place (same id), skipped when unchanged,
///   and deleted when no longer defined; a playlist not in this table is never touched.
///   `comment` is the comment last sent (NULL: not known), so it is sent again only when it
///   changed: Subsonic's `createPlaylist` cannot carry it, and it costs a request of its own.
enum PlayerMigrations {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v1-players") { db in
            try db.execute(sql: """
                CREATE TABLE player_servers (
                    name TEXT PRIMARY KEY,
                    kind TEXT NOT NULL,
                    library_version TEXT,
                    library_synced_at DATETIME,
                    announced TEXT,
                    last_push_at DATETIME,
                    last_status TEXT,
                    last_message TEXT
                );
                CREATE TABLE player_songs (
                    server TEXT NOT NULL REFERENCES player_servers(name) ON DELETE CASCADE,
                    song_id TEXT NOT NULL,
                    path TEXT,
                    mb_recording_id TEXT,
                    match_key TEXT NOT NULL,
                    duration_seconds INTEGER,
                    PRIMARY KEY (server, song_id)
                );
                CREATE INDEX player_songs_by_path ON player_songs(server, path);
                CREATE INDEX player_songs_by_mbid ON player_songs(server, mb_recording_id);
                CREATE INDEX player_songs_by_key ON player_songs(server, match_key);
                CREATE TABLE player_playlists (
                    server TEXT NOT NULL REFERENCES player_servers(name) ON DELETE CASCADE,
                    name TEXT NOT NULL,
                    remote_id TEXT NOT NULL,
                    digest TEXT NOT NULL,
                    pushed_at DATETIME NOT NULL,
                    PRIMARY KEY (server, name)
                );
                """)
        }
        migrator.registerMigration("v2-players-comment") { db in
            try db.execute(sql: "ALTER TABLE player_playlists ADD COLUMN comment TEXT")
        }
    }
}
