import GRDB

/// Tables and columns owned by `segue-genres`, added after the core schema.
///
/// - `genre_cache`: one row per entity, source and kind of fetch, with its fetch time and
///   expiry; `status` is `found` or `not_found`. Errors are never stored, so an entity whose
///   fetch failed has no row and is fetched again on the next run.
/// - `genre_parents`: broader/narrower genres of the vocabulary, for the index stage.
/// - `similar_artists`: Last.fm's similar artists with their match score.
/// - `listens`: listening history; `track_id` stays NULL until a listen is matched.
/// - `history_sync`: per source and user, the newest listen time fully fetched, and when.
/// - `file_genre_raw`: the genre text segue-scan read from a file (the `\u{1F}`-joined
///   `track_genres` rows it wrote) before it was mapped into the vocabulary in place, with
///   the file's size and mtime then, so a new vocabulary can map it again.
enum GenreMigrations {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v1-genres") { db in
            try db.execute(sql: """
                CREATE TABLE genre_cache (
                    source TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    entity_id INTEGER NOT NULL,
                    status TEXT NOT NULL,
                    fetched_at DATETIME NOT NULL,
                    expires_at DATETIME NOT NULL,
                    PRIMARY KEY (source, kind, entity_id)
                );
                CREATE INDEX genre_cache_by_expiry ON genre_cache(expires_at);

                CREATE TABLE genre_parents (
                    genre TEXT NOT NULL,
                    parent TEXT NOT NULL,
                    PRIMARY KEY (genre, parent)
                );

                CREATE TABLE similar_artists (
                    artist_id INTEGER NOT NULL REFERENCES artists(id) ON DELETE CASCADE,
                    similar_name TEXT NOT NULL,
                    similar_mbid TEXT,
                    similar_artist_id INTEGER REFERENCES artists(id) ON DELETE SET NULL,
                    match REAL NOT NULL,
                    source TEXT NOT NULL,
                    PRIMARY KEY (artist_id, similar_name, source)
                );
                CREATE INDEX similar_artists_by_similar ON similar_artists(similar_artist_id);

                CREATE TABLE listens (
                    id INTEGER PRIMARY KEY,
                    source TEXT NOT NULL,
                    listened_at DATETIME NOT NULL,
                    artist TEXT NOT NULL,
                    title TEXT NOT NULL,
                    album TEXT,
                    recording_mbid TEXT,
                    track_id INTEGER REFERENCES tracks(id) ON DELETE SET NULL,
                    match_method TEXT,
                    UNIQUE (source, listened_at, artist, title)
                );
                CREATE INDEX listens_by_track ON listens(track_id);

                CREATE TABLE file_genre_raw (
                    track_id INTEGER PRIMARY KEY REFERENCES tracks(id) ON DELETE CASCADE,
                    tags TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    mtime REAL NOT NULL
                );

                CREATE TABLE history_sync (
                    source TEXT NOT NULL,
                    user TEXT NOT NULL,
                    complete_until DATETIME NOT NULL,
                    synced_at DATETIME NOT NULL,
                    PRIMARY KEY (source, user)
                );
                """)
        }
    }
}
