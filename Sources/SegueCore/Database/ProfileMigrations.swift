import GRDB

/// `playlist_profile_files`: the files export wrote for each playlist in the extra output
/// profiles of `playlists.profiles`, so it replaces and removes only those (the main set's
/// files are in `playlists`).
enum ProfileMigrations {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v1-output-profiles") { db in
            try db.execute(sql: """
                CREATE TABLE playlist_profile_files (
                    path TEXT PRIMARY KEY,
                    playlist_name TEXT NOT NULL
                );
                CREATE INDEX playlist_profile_files_by_name ON playlist_profile_files(playlist_name);
                """)
        }
    }
}
