-- The schema of a Segue database before the audio identity (migrations v1-core … v2-export-clusters),
-- as segue-scan of commit 2cb3c44 created it: sqlite3 segue.db .schema, plus grdb_migrations.
CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
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
, tags_inferred INTEGER NOT NULL DEFAULT 0, track_total INTEGER, disc_total INTEGER, date TEXT, compilation INTEGER NOT NULL DEFAULT 0, isrc TEXT, mb_release_track_id TEXT, scanned_at DATETIME);
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
, segment_vectors BLOB, bpm_confidence REAL, key_strength REAL, loudness_range REAL, analyzed_seconds REAL, analysis_count INTEGER NOT NULL DEFAULT 1, run_id INTEGER);
CREATE TABLE analysis_failures (
    track_id INTEGER PRIMARY KEY REFERENCES tracks(id) ON DELETE CASCADE,
    reason TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 1,
    last_attempt_at DATETIME NOT NULL
, kind TEXT NOT NULL DEFAULT 'undecodable');
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
    score REAL NOT NULL, sonic_score REAL, genre_score REAL, artist_boost REAL NOT NULL DEFAULT 0,
    PRIMARY KEY (track_id, rank)
);
CREATE TABLE playlists (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    file_path TEXT,
    generated_at DATETIME NOT NULL
, kind TEXT NOT NULL DEFAULT 'defined', xspf_path TEXT, m3u_path TEXT, night TEXT, seed INTEGER, duration_ms INTEGER, relaxations TEXT);
CREATE TABLE playlist_tracks (
    playlist_id INTEGER NOT NULL REFERENCES playlists(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    track_id INTEGER NOT NULL REFERENCES tracks(id) ON DELETE CASCADE, reason TEXT, transition_score REAL,
    PRIMARY KEY (playlist_id, position)
);
CREATE INDEX tracks_missing ON tracks(missing_since) WHERE missing_since IS NOT NULL;
CREATE TABLE scan_failures (
    path TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    reason TEXT NOT NULL,
    size INTEGER,
    mtime REAL,
    seen_at DATETIME NOT NULL
);
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
CREATE TABLE playlist_rotation (
    playlist_name TEXT NOT NULL,
    night TEXT NOT NULL,
    track_id INTEGER NOT NULL REFERENCES tracks(id) ON DELETE CASCADE,
    PRIMARY KEY (playlist_name, night, track_id)
);
CREATE INDEX playlist_rotation_by_night ON playlist_rotation(night);
CREATE TABLE playlist_clusters (
    track_id INTEGER PRIMARY KEY REFERENCES tracks(id) ON DELETE CASCADE,
    cluster INTEGER NOT NULL,
    distance REAL NOT NULL,
    input TEXT NOT NULL
);
INSERT INTO grdb_migrations VALUES('v1-core');
INSERT INTO grdb_migrations VALUES('v1-scan');
INSERT INTO grdb_migrations VALUES('v1-analyze');
INSERT INTO grdb_migrations VALUES('v1-genres');
INSERT INTO grdb_migrations VALUES('v1-index');
INSERT INTO grdb_migrations VALUES('v1-export');
INSERT INTO grdb_migrations VALUES('v2-export-clusters');
