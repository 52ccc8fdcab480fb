import Foundation
import GRDB
import GRDBSQLite
import SegueCore

/// The reads and writes of `segue-index`: its inputs from the other stages' tables, and the
/// index itself (matrices, neighbours, genre similarity, metadata) in one transaction.
struct IndexStore: Sendable {
    let database: AppDatabase

    // MARK: Inputs

    /// Runs `body` in one read transaction, so every pass over the inputs sees the same data.
    func read<Value>(_ body: (Database) throws -> Value) throws(IndexError) -> Value {
        do {
            return try database.pool.read(body)
        } catch let error as IndexError {
            throw error
        } catch {
            throw .database(path: database.path, reason: "\(error)")
        }
    }

    /// The present tracks, their genres and the genre tree and similar artists; the features
    /// only by version and length (`FeatureReader` streams them).
    func loadInputs(_ db: Database, features: FeatureReader?) throws -> IndexInputs {
        let tracks = try Row.fetchAll(db, sql: """
            SELECT id, artist_id, album_id FROM tracks WHERE missing_since IS NULL ORDER BY id
            """).map { IndexInputs.Track(id: $0[0], artistID: $0[1], albumID: $0[2]) }
        return IndexInputs(
            tracks: tracks, featureVersion: features?.version, featureDimension: features?.dimension ?? 0,
            trackGenres: try genreTags(db, table: "track_genres", owner: "track_id"),
            albumGenres: try genreTags(db, table: "album_genres", owner: "album_id"),
            artistGenres: try genreTags(db, table: "artist_genres", owner: "artist_id"),
            genreParents: try genreParents(db),
            similarArtists: try similarArtists(db))
    }

    private func genreTags(_ db: Database, table: String, owner: String) throws -> [IndexInputs.GenreTag] {
        try Row.fetchAll(db, sql: "SELECT \(owner), genre, weight, source FROM \(table) ORDER BY \(owner), genre, source")
            .map { IndexInputs.GenreTag(owner: $0[0], genre: $0[1], weight: $0[2], source: $0[3]) }
    }

    private func genreParents(_ db: Database) throws -> [(genre: String, parent: String)] {
        guard try db.tableExists("genre_parents") else { return [] }
        let names = Set(try db.columns(in: "genre_parents").map(\.name))
        guard names.contains("genre"), names.contains("parent") else { return [] }
        return try Row.fetchAll(db, sql: "SELECT genre, parent FROM genre_parents ORDER BY genre, parent")
            .compactMap { row in
                guard let genre = row[0] as String?, let parent = row[1] as String? else { return nil }
                return (genre, parent)
            }
    }

    /// The similar-artist lists, whatever the genres stage named the columns; absent → none.
    func similarArtists(_ db: Database) throws -> [IndexInputs.SimilarArtist] {
        guard try db.tableExists("similar_artists") else { return [] }
        let names = try db.columns(in: "similar_artists").map(\.name)
        guard names.contains("artist_id"),
              let other = ["similar_artist_id", "similar_id", "other_artist_id"].first(where: names.contains)
        else { return [] }
        let weight = ["match", "score", "weight", "similarity"].first(where: names.contains)
        let rows = try Row.fetchAll(db, sql: """
            SELECT artist_id, \(other), \(weight.map { "\"\($0)\"" } ?? "1") FROM similar_artists
            WHERE artist_id IS NOT NULL AND \(other) IS NOT NULL ORDER BY artist_id, \(other)
            """)
        let matches = rows.map { ($0[2] as Double?) ?? 1 }
        // Some services give a match in 0...100; bring every list to 0...1.
        let scale = (matches.max() ?? 1) > 1 ? 1 / matches.max()! : 1
        return zip(rows, matches).map { row, match in
            IndexInputs.SimilarArtist(artistID: row[0], similarID: row[1], match: max(0, match * scale))
        }
    }

    // MARK: Metadata

    func meta() throws(IndexError) -> [String: String] {
        try read(meta)
    }

    func meta(_ db: Database) throws -> [String: String] {
        guard try db.tableExists("index_meta") else { return [:] }
        return Dictionary(try Row.fetchAll(db, sql: "SELECT key, value FROM index_meta").map { ($0[0], $0[1]) },
                          uniquingKeysWith: { $1 })
    }

    /// An `int64` entry of `index_matrices` (track or artist ids, clusters); empty when absent.
    func ints(_ db: Database, name: String) throws -> [Int64] {
        try Data.fetchOne(db, sql: "SELECT data FROM index_matrices WHERE name = ? AND element = 'int64'", arguments: [name])
            .map(Matrix.ints(fromBlob:)) ?? []
    }
}
