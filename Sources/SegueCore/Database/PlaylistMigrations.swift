import GRDB

/// Tables and columns owned by `segue-export`, added after the core schema.
///
/// - `playlists` gains what a run needs to clean up after itself (`kind`, `xspf_path`, `m3u_path`) and to
///   replay a night (`seed`, `night`), plus its size and the relaxations it needed.
/// - `playlist_tracks` gains why each track is there and how well it follows the previous one.
/// - `playlist_rotation`: the tracks each playlist gave on each night, so the next nights
///   avoid them; a rerun on the same night replaces that night's rows.
/// - `playlist_clusters`: each track's library mix and its distance to the mix's centre,
///   with the signature of the features they were computed from (`input`), so the clusters
///   are recomputed only when the analysed library changes.
/// - `playlist_mixes`: each library mix's lasting identity: its name, given once, and its
///   centre in raw feature space, from which the next refit starts; `playlist_clusters.cluster`
///   holds the mix's id from then on.
/// - `playlist_derived`: facts export derives from the whole library and keeps until their
///   input changes (`input`): the neighbour graph's hubs and same-audio pairs, the duplicate groups.
enum PlaylistMigrations {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v1-export") { db in
            try db.execute(sql: """
                ALTER TABLE playlists ADD COLUMN kind TEXT NOT NULL DEFAULT 'defined';
                ALTER TABLE playlists ADD COLUMN xspf_path TEXT;
                ALTER TABLE playlists ADD COLUMN m3u_path TEXT;
                ALTER TABLE playlists ADD COLUMN night TEXT;
                ALTER TABLE playlists ADD COLUMN seed INTEGER;
                ALTER TABLE playlists ADD COLUMN duration_ms INTEGER;
                ALTER TABLE playlists ADD COLUMN relaxations TEXT;
                ALTER TABLE playlist_tracks ADD COLUMN reason TEXT;
                ALTER TABLE playlist_tracks ADD COLUMN transition_score REAL;

                CREATE TABLE playlist_rotation (
                    playlist_name TEXT NOT NULL,
                    night TEXT NOT NULL,
                    track_id INTEGER NOT NULL REFERENCES tracks(id) ON DELETE CASCADE,
                    PRIMARY KEY (playlist_name, night, track_id)
                );
                CREATE INDEX playlist_rotation_by_night ON playlist_rotation(night);
                """)
        }
        migrator.registerMigration("v2-export-clusters") { db in
            try db.execute(sql: """
                CREATE TABLE playlist_clusters (
                    track_id INTEGER PRIMARY KEY REFERENCES tracks(id) ON DELETE CASCADE,
                    cluster INTEGER NOT NULL,
                    distance REAL NOT NULL,
                    input TEXT NOT NULL
                );
                """)
        }
        migrator.registerMigration("v3-export-mixes-and-derived") { db in
            try db.execute(sql: """
                CREATE TABLE playlist_mixes (
                    id INTEGER PRIMARY KEY,
                    name TEXT UNIQUE,
                    centroid BLOB NOT NULL,
                    created_at DATETIME NOT NULL
                );
                CREATE TABLE playlist_derived (
                    name TEXT PRIMARY KEY,
                    input TEXT NOT NULL,
                    data BLOB NOT NULL
                );
                """)
        }
        // What export's feature signature reads, so it need not read every vector's page.
        migrator.registerMigration("v4-export-feature-signature") { db in
            try db.execute(sql: "CREATE INDEX sonic_features_signature ON sonic_features(version, analyzed_at)")
        }
        // What export's neighbour facts read (each track's ten nearest, `NeighbourFacts.hubRanks`):
        // a tenth of the graph's rows, where the table itself keeps them on the pages of all
        // a track's neighbours. Partial, so it costs the index stage a tenth of the rows' writes.
        migrator.registerMigration("v5-export-nearest-neighbours") { db in
            try db.execute(sql: """
                CREATE INDEX neighbours_nearest ON neighbours(track_id, rank, neighbour_id, sonic_score) WHERE rank < 10
                """)
        }
        // Stored ranks start at 1: `rank < 10` held nine of the ten nearest. The facts derived
        // from it are dropped with it, so the next export counts the ten.
        migrator.registerMigration("v6-export-ten-nearest") { db in
            try db.execute(sql: """
                DROP INDEX neighbours_nearest;
                CREATE INDEX neighbours_nearest ON neighbours(track_id, rank, neighbour_id, sonic_score) WHERE rank <= 10;
                DELETE FROM playlist_derived WHERE name = 'neighbour_facts';
                """)
        }
    }
}
