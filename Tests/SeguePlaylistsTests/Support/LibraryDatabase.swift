import Foundation
import GRDB
import SegueCore
@testable import SeguePlaylists
import SegueTestSupport

/// A Segue database holding known tracks, as scan, analyze and genres would leave it.
enum LibraryDatabase {
    static func make(at path: String, tracks: [TrackInfo], vectors: [Int64: [Float]] = [:]) throws -> AppDatabase {
        let database = try AppDatabase(path: path)
        try database.pool.write { db in
            for track in tracks {
                try db.execute(sql: "INSERT OR IGNORE INTO artists (name, match_key) VALUES (?, ?)", arguments: [track.artist, track.artistKey])
                let artistID = try Int64.fetchOne(db, sql: "SELECT id FROM artists WHERE match_key = ?", arguments: [track.artistKey])
                var albumID: Int64?
                if !track.album.isEmpty {
                    try db.execute(sql: "INSERT OR IGNORE INTO albums (title, album_artist, match_key, artist_id) VALUES (?, ?, ?, ?)",
                                   arguments: [track.album, track.artist, track.albumKey, artistID])
                    albumID = try Int64.fetchOne(db, sql: "SELECT id FROM albums WHERE match_key = ?", arguments: [track.albumKey])
                }
                try db.execute(sql: """
                    INSERT INTO tracks (id, path, size, mtime, title, artist, album, duration_ms, artist_id, album_id, content_changed_at)
                    VALUES (?, ?, 1000, 0, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [track.id, track.path, track.title, track.artist, track.album,
                                     track.durationSeconds.map { Int64($0 * 1000) }, artistID, albumID, Date()])
                for (position, genre) in track.genres.enumerated() {
                    try db.execute(sql: "INSERT INTO track_genres (track_id, genre, weight, source) VALUES (?, ?, ?, 'file')",
                                   arguments: [track.id, genre, 1 - Double(position) / 10])
                }
                if let vector = vectors[track.id] {
                    let blob = vector.withUnsafeBufferPointer { Data(buffer: $0) }
                    let parts = track.key?.split(separator: " ").map(String.init)
                    try db.execute(sql: """
                        INSERT INTO sonic_features (track_id, version, vector, bpm, musical_key, mode, loudness_lufs, analyzed_at)
                        VALUES (?, 1, ?, ?, ?, ?, ?, ?)
                        """, arguments: [track.id, blob, track.bpm, parts?.first, parts?.dropFirst().first, track.loudness, Date()])
                }
            }
        }
        return database
    }

    /// The genres stage's `listens` table, when that stage's migration is not there.
    static func addListens(_ database: AppDatabase, _ listens: [(trackID: Int64, at: Date)]) throws {
        try database.pool.write { db in
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS listens (
                    id INTEGER PRIMARY KEY, source TEXT NOT NULL, listened_at DATETIME NOT NULL, artist TEXT NOT NULL,
                    title TEXT NOT NULL, album TEXT, recording_mbid TEXT,
                    track_id INTEGER REFERENCES tracks(id) ON DELETE SET NULL, match_method TEXT,
                    UNIQUE (source, listened_at, artist, title))
                """)
            for (number, listen) in listens.enumerated() {
                try db.execute(sql: "INSERT INTO listens (source, listened_at, artist, title, track_id) VALUES ('test', ?, ?, ?, ?)",
                               arguments: [listen.at, "a\(number)", "t\(number)", listen.trackID])
            }
        }
    }

    /// Vectors in a few tight groups, so k-means has clusters to find.
    static func groupedVectors(_ tracks: [TrackInfo], groups: Int, seed: UInt64 = 4) -> [Int64: [Float]] {
        var generator = SplitMix64(seed: seed)
        var vectors: [Int64: [Float]] = [:]
        for track in tracks {
            let group = Int(track.id) % groups
            vectors[track.id] = (0..<6).map { d in Float(d == group % 6 ? 10 * (1 + group / 6) : 0) + Float(generator.unit()) }
        }
        return vectors
    }

    static func config(_ yaml: String, output: String, music: String = "/music") throws -> SegueConfig {
        try SegueConfig.parse(yaml: "library:\n  music_dirs: [\"\(music)\"]\nplaylists:\n  output_dir: \"\(output)\"\n" + yaml,
                              filePath: nil, environment: [:])
    }
}
