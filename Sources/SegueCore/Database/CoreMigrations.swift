import GRDB

/// The stable schema of DESIGN.md ("Schema"). Literal names only, never app types, so a
/// shipped migration reads the same forever. Stage-specific tables and columns live in
/// each stage's own migrations file.
enum CoreMigrations {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v1-core") { db in
            try db.execute(sql: """
                CREATE TABLE stage_runs (
                    id INTEGER PRIMARY KEY,
                    stage TEXT NOT NULL,
                    started_at DATETIME NOT NULL,
                    finished_at DATETIME,
                    status TEXT NOT NULL,
                    counts TEXT NOT NULL DEFAULT '{}',
                    message TEXT
                );
                CREATE INDEX stage_runs_by_stage ON stage_runs(stage, started_at);

                CREATE TABLE artists (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    match_key TEXT NOT NULL UNIQUE,
                    mb_artist_id TEXT
                );
                CREATE INDEX artists_by_mbid ON artists(mb_artist_id);

                CREATE TABLE albums (
                    id INTEGER PRIMARY KEY,
                    title TEXT NOT NULL,
                    album_artist TEXT NOT NULL,
                    match_key TEXT NOT NULL UNIQUE,
                    artist_id INTEGER REFERENCES artists(id) ON DELETE SET NULL,
                    mb_release_group_id TEXT,
                    mb_release_id TEXT,
                    year INTEGER
                );
                CREATE INDEX albums_by_artist ON albums(artist_id);

                CREATE TABLE tracks (
                    id INTEGER PRIMARY KEY,
                    path TEXT NOT NULL UNIQUE,
                    size INTEGER NOT NULL,
                    mtime REAL NOT NULL,
                    fingerprint TEXT,
                    title TEXT,
                    artist TEXT,
                    album_artist TEXT,
                    album TEXT,
                    track_number INTEGER,
                    disc_number INTEGER,
                    year INTEGER,
                    duration_ms INTEGER,
                    codec TEXT,
                    sample_rate INTEGER,
                    channels INTEGER,
                    bitrate INTEGER,
                    mb_recording_id TEXT,
                    mb_artist_id TEXT,
                    mb_album_artist_id TEXT,
                    mb_release_id TEXT,
                    mb_release_group_id TEXT,
                    artist_id INTEGER REFERENCES artists(id) ON DELETE SET NULL,
                    album_id INTEGER REFERENCES albums(id) ON DELETE SET NULL,
                    content_changed_at DATETIME NOT NULL,
                    missing_since DATETIME
                );
                CREATE INDEX tracks_by_fingerprint ON tracks(fingerprint);
                CREATE INDEX tracks_by_artist ON tracks(artist_id);
                CREATE INDEX tracks_by_album ON tracks(album_id);

                CREATE TABLE sonic_features (
                    track_id INTEGER PRIMARY KEY REFERENCES tracks(id) ON DELETE CASCADE,
                    version INTEGER NOT NULL,
                    vector BLOB NOT NULL,
                    bpm REAL,
                    musical_key TEXT,
                    mode TEXT,
                    loudness_lufs REAL,
                    energy REAL,
                    analyzed_at DATETIME NOT NULL
                );

                CREATE TABLE analysis_failures (
                    track_id INTEGER PRIMARY KEY REFERENCES tracks(id) ON DELETE CASCADE,
                    reason TEXT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 1,
                    last_attempt_at DATETIME NOT NULL
                );

                CREATE TABLE artist_genres (
                    artist_id INTEGER NOT NULL REFERENCES artists(id) ON DELETE CASCADE,
                    genre TEXT NOT NULL,
                    weight REAL NOT NULL,
                    source TEXT NOT NULL,
                    PRIMARY KEY (artist_id, genre, source)
                );
                CREATE TABLE album_genres (
                    album_id INTEGER NOT NULL REFERENCES albums(id) ON DELETE CASCADE,
                    genre TEXT NOT NULL,
                    weight REAL NOT NULL,
                    source TEXT NOT NULL,
                    PRIMARY KEY (album_id, genre, source)
                );
                CREATE TABLE track_genres (
                    track_id INTEGER NOT NULL REFERENCES tracks(id) ON DELETE CASCADE,
                    genre TEXT NOT NULL,
                    weight REAL NOT NULL,
                    source TEXT NOT NULL,
                    PRIMARY KEY (track_id, genre, source)
                );

                CREATE TABLE neighbours (
                    track_id INTEGER NOT NULL REFERENCES tracks(id) ON DELETE CASCADE,
                    neighbour_id INTEGER NOT NULL REFERENCES tracks(id) ON DELETE CASCADE,
                    rank INTEGER NOT NULL,
                    score REAL NOT NULL,
                    PRIMARY KEY (track_id, rank)
                );

                CREATE TABLE playlists (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    file_path TEXT,
                    generated_at DATETIME NOT NULL
                );
                CREATE TABLE playlist_tracks (
                    playlist_id INTEGER NOT NULL REFERENCES playlists(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    track_id INTEGER NOT NULL REFERENCES tracks(id) ON DELETE CASCADE,
                    PRIMARY KEY (playlist_id, position)
                );
                """)
        }
    }
}
