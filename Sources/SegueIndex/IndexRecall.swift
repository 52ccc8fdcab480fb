import Foundation
import GRDB
import SegueCore

/// How close a stored index comes to exact search: for a sample of tracks, the share of their
/// first `k` stored neighbours that exact search over the stored vectors also ranks among the
/// first `k` (a neighbour scoring as high as the k-th counts: with tied scores, either is right).
public enum IndexRecall {
    public struct Measurement: Sendable {
        public var recall: Double
        public var queries: Int
    }

    /// - Parameters:
    ///   - queries: tracks sampled with a seeded generator (all of them when fewer).
    public static func measure(database: AppDatabase, queries: Int, k: Int = 10, seed: UInt64 = 1) throws -> Measurement {
        let store = IndexStore(database: database)
        let (space, sample, stored) = try store.read { db -> (SimilaritySpace, [Int], [[Int64]]) in
            let meta = try store.meta(db)
            guard let models = IndexMeta.models(meta) else { throw IndexError.noIndex(path: database.path) }
            let ids = try store.ints(db, name: "track_ids")
            guard let sonicBlob = try MatrixBlob.open(db, name: "sonic"), let genreBlob = try MatrixBlob.open(db, name: "genre"),
                  sonicBlob.rows == ids.count, genreBlob.rows == ids.count
            else { throw IndexError.corrupt(path: database.path, reason: "the sound or genre matrix does not match track_ids") }
            let sonic = Matrix(rows: ids.count, minimumCols: sonicBlob.cols), genre = Matrix(rows: ids.count, minimumCols: genreBlob.cols)
            try sonicBlob.read(rows: 0..<ids.count, into: sonic, at: 0)
            try genreBlob.read(rows: 0..<ids.count, into: genre, at: 0)
            let artists = ArtistRelations(artistIDs: try store.ints(db, name: "artist_ids"),
                                          similarArtists: models.score.artistBoost > 0 ? try store.similarArtists(db) : [])
            let space = SimilaritySpace(trackIDs: ids, sonic: sonic, genre: genre, artists: artists, model: models.score)
            var random = SplitMix64(seed: seed)
            let searchable = (0..<space.count).filter { space.hasSonic[$0] || space.hasGenre[$0] }
            let sample = searchable.shuffled(using: &random).prefix(queries).sorted()
            let statement = try db.makeStatement(sql: "SELECT neighbour_id FROM neighbours WHERE track_id = ? AND rank <= ? ORDER BY rank")
            let lists = try sample.map { try Int64.fetchAll(statement, arguments: [ids[$0], k]) }
            return (space, sample, lists)
        }
        let exact = NeighbourSearch.best(space: space, rows: sample, k: k)
        var hits = 0, total = 0
        for ((row, best), list) in zip(zip(sample, exact), stored) where !best.isEmpty {
            let floor = best[best.count - 1].score
            let found = list.prefix(best.count).compactMap(space.row(of:))
            hits += found.filter { rankingScore(space, row, $0) >= floor - 1e-5 }.count
            total += best.count
        }
        return Measurement(recall: Double(hits) / Double(max(1, total)), queries: sample.count)
    }

    /// The score the searches ranked by, boost included.
    private static func rankingScore(_ space: SimilaritySpace, _ a: Int, _ b: Int) -> Float {
        space.rankingScore(a, b) + space.model.artistBoost * space.artists.match(a, b)
    }
}
