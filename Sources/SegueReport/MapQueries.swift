import Foundation
import GRDB

/// Loads the analysed tracks with their feature vectors and top genre, for the map.
enum MapQueries {
    struct AnalysedTrack: Sendable {
        var id: Int64
        var label: String
        var vector: [Float]
        /// The heaviest genre of the track, else of its album, else of its artist.
        var topGenre: String?
    }

    static func analysedTracks(_ db: Database) throws -> [AnalysedTrack] {
        let trackGenres = try topGenres(db, table: "track_genres", key: "track_id")
        let albumGenres = try topGenres(db, table: "album_genres", key: "album_id")
        let artistGenres = try topGenres(db, table: "artist_genres", key: "artist_id")
        let rows = try Row.fetchCursor(db, sql: """
            SELECT t.id, t.artist, t.title, t.path, t.album_id, t.artist_id, f.vector
            FROM sonic_features f JOIN tracks t ON t.id = f.track_id
            WHERE t.missing_since IS NULL ORDER BY t.id
            """)
        var tracks: [AnalysedTrack] = []
        while let row = try rows.next() {
            let id: Int64 = row["id"]
            let albumID: Int64? = row["album_id"]
            let artistID: Int64? = row["artist_id"]
            let genre = trackGenres[id] ?? albumID.flatMap { albumGenres[$0] } ?? artistID.flatMap { artistGenres[$0] }
            tracks.append(AnalysedTrack(id: id, label: TrackLabel.text(artist: row["artist"], title: row["title"], path: row["path"]),
                                        vector: floats(row["vector"] ?? Data()), topGenre: genre))
        }
        return tracks
    }

    /// The heaviest genre of each entity, its weights summed over sources; ties go to the
    /// alphabetically first genre so the map is stable.
    private static func topGenres(_ db: Database, table: String, key: String) throws -> [Int64: String] {
        let rows = try Row.fetchCursor(db, sql: """
            SELECT \(key) AS entity, genre, SUM(weight) AS weight FROM \(table)
            GROUP BY \(key), genre ORDER BY \(key), weight DESC, genre
            """)
        var top: [Int64: String] = [:]
        while let row = try rows.next() {
            let entity: Int64 = row["entity"]
            if top[entity] == nil { top[entity] = row["genre"] }
        }
        return top
    }

    /// A `sonic_features.vector` blob: little-endian Float32.
    static func floats(_ blob: Data) -> [Float] {
        let count = blob.count / MemoryLayout<UInt32>.size
        return blob.withUnsafeBytes { raw in
            (0..<count).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
        }
    }
}
