import GRDB

/// Tables and columns owned by `segue-analyze`, added after the core schema.
enum AnalysisMigrations {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v1-analyze") { db in
            try db.execute(sql: """
                ALTER TABLE sonic_features ADD COLUMN segment_vectors BLOB;
                ALTER TABLE sonic_features ADD COLUMN bpm_confidence REAL;
                ALTER TABLE sonic_features ADD COLUMN key_strength REAL;
                ALTER TABLE sonic_features ADD COLUMN loudness_range REAL;
                ALTER TABLE sonic_features ADD COLUMN analyzed_seconds REAL;
                ALTER TABLE sonic_features ADD COLUMN analysis_count INTEGER NOT NULL DEFAULT 1;
                ALTER TABLE sonic_features ADD COLUMN run_id INTEGER;
                ALTER TABLE analysis_failures ADD COLUMN kind TEXT NOT NULL DEFAULT 'undecodable';
                """)
        }
        // A track handed to a worker process, marked before the worker opens it, so that a
        // run that stops with it in hand (a kill, a power cut) is known to the next run.
        migrator.registerMigration("v2-analyze-in-flight") { db in
            try db.execute(sql: """
                CREATE TABLE analysis_in_flight (
                    track_id INTEGER PRIMARY KEY REFERENCES tracks(id) ON DELETE CASCADE,
                    run_id INTEGER,
                    started_at DATETIME NOT NULL,
                    stops INTEGER NOT NULL DEFAULT 0
                );
                """)
        }
        // The learned embedding, a feature set of its own beside the DSP vector (README, "Embedding").
        migrator.registerMigration("v3-analyze-embeddings") { db in
            try db.execute(sql: """
                CREATE TABLE sonic_embeddings (
                    track_id INTEGER PRIMARY KEY REFERENCES tracks(id) ON DELETE CASCADE,
                    model TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    vector BLOB NOT NULL,
                    patches INTEGER NOT NULL,
                    analyzed_at DATETIME NOT NULL
                );
                """)
        }
        // The library's identity, made once per database: a shard file of `segue-analyze
        // --shard` carries it, so that `--merge` refuses a shard cut from another library.
        migrator.registerMigration("v4-analyze-library-identity") { db in
            try db.execute(sql: """
                CREATE TABLE library_identity (id TEXT NOT NULL);
                INSERT INTO library_identity (id) VALUES (lower(hex(randomblob(16))));
                """)
        }
    }
}
