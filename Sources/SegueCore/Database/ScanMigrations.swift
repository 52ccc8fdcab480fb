import GRDB

/// Tables and columns owned by `segue-scan`, added after the core schema.
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
    }
}
