import GRDB

/// Tables and columns owned by `segue-scan`, added after the core schema.
///
/// - `tracks.fingerprint_version`: how `tracks.fingerprint` was made. 0 is the byte
///   fingerprint of before (size and the file's first and last 64 KiB, so a retag changed it);
///   from 1 on it is the audio identity (`AudioIdentity.version`). A track whose version is
///   older than the scan's is read once more, even unchanged, to get its new identity; its
///   analysis, genres and history stay.
/// - `music_folders`: the filesystem (`st_dev`) each music folder was on at its last accepted
///   scan, so a different disk mounted at the same path is noticed.
enum ScanMigrations {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v1-scan") { db in
            try db.execute(sql: """
                ALTER TABLE tracks ADD COLUMN tags_inferred INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE tracks ADD COLUMN track_total INTEGER;
                ALTER TABLE tracks ADD COLUMN disc_total INTEGER;
                ALTER TABLE tracks ADD COLUMN date TEXT;
                ALTER TABLE tracks ADD COLUMN compilation INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE tracks ADD COLUMN isrc TEXT;
                ALTER TABLE tracks ADD COLUMN mb_release_track_id TEXT;
                ALTER TABLE tracks ADD COLUMN scanned_at DATETIME;
                CREATE INDEX tracks_missing ON tracks(missing_since) WHERE missing_since IS NOT NULL;

                CREATE TABLE scan_failures (
                    path TEXT PRIMARY KEY,
                    kind TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    size INTEGER,
                    mtime REAL,
                    seen_at DATETIME NOT NULL
                );
                """)
        }
        migrator.registerMigration("v2-scan-audio-identity") { db in
            try db.execute(sql: """
                ALTER TABLE tracks ADD COLUMN fingerprint_version INTEGER NOT NULL DEFAULT 0;

                CREATE TABLE music_folders (
                    path TEXT PRIMARY KEY,
                    device INTEGER NOT NULL,
                    checked_at DATETIME NOT NULL
                );
                """)
        }
        // Every credited artist of a track, the primary one first (position 0), with its
        // MusicBrainz id when the tags pair one with it; written by the scan as it reads a file.
        migrator.registerMigration("v3-scan-track-artists") { db in
            try db.execute(sql: """
                CREATE TABLE track_artists (
                    track_id INTEGER NOT NULL REFERENCES tracks(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    name TEXT NOT NULL,
                    match_key TEXT NOT NULL,
                    mb_artist_id TEXT,
                    PRIMARY KEY (track_id, position)
                );
                CREATE INDEX track_artists_by_key ON track_artists(match_key);
                """)
        }
    }
}
