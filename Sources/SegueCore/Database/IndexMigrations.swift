import GRDB

/// Tables and columns owned by `segue-index`, added after the core schema.
enum IndexMigrations {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v1-index") { db in
            try db.execute(sql: """
                ALTER TABLE neighbours ADD COLUMN sonic_score REAL;
                ALTER TABLE neighbours ADD COLUMN genre_score REAL;
                ALTER TABLE neighbours ADD COLUMN artist_boost REAL NOT NULL DEFAULT 0;

                CREATE TABLE index_matrices (
                    name TEXT PRIMARY KEY,
                    element TEXT NOT NULL,
                    rows INTEGER NOT NULL,
                    cols INTEGER NOT NULL,
                    data BLOB NOT NULL
                );

                CREATE TABLE genre_similarity (
                    genre_a TEXT NOT NULL,
                    genre_b TEXT NOT NULL,
                    similarity REAL NOT NULL,
                    PRIMARY KEY (genre_a, genre_b)
                ) WITHOUT ROWID;

                CREATE TABLE index_meta (
                    key TEXT PRIMARY KEY,
                    value TEXT NOT NULL
                );
                """)
        }
        // The genre names of the stored genre embedding (`index_matrices` 'genre_axes' row by row),
        // so tracks added between rebuilds are placed in the same genre space.
        migrator.registerMigration("v2-index-genres") { db in
            try db.execute(sql: """
                CREATE TABLE index_genres (
                    position INTEGER PRIMARY KEY,
                    genre TEXT NOT NULL
                );
                """)
        }
    }
}
