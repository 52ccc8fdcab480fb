import Foundation
import SegueCore
import SegueTestSupport
import Testing
@testable import SegueIndex

/// The exact search scores blocks with `cblas_sgemm`; each score must be the pair's score as
/// `SimilaritySpace.rankingScore` computes it, one SIMD dot product per part, which is what
/// the hand-written kernels before OpenBLAS computed.
@Suite struct ExactSearchTests {
    /// Unit rows with odd widths (13 sound and 5 genre columns, padded to 16 and 8), a few
    /// rows lacking a part or both, and artists of which two are listed as similar.
    static func space(rows: Int, seed: UInt64) -> SimilaritySpace {
        var random = SplitMix64(seed: seed)
        let sonic = Matrix(rows: rows, minimumCols: 13), genre = Matrix(rows: rows, minimumCols: 5)
        for row in 0..<rows {
            if row % 17 != 3 {
                for col in 0..<13 { sonic[row, col] = Float.random(in: -1...1, using: &random) }
                sonic.normalize(row: row)
            }
            if row % 11 != 7 {
                for col in 0..<5 { genre[row, col] = Float.random(in: 0...1, using: &random) }
                genre.normalize(row: row)
            }
        }
        let artists = ArtistRelations(artistIDs: (0..<rows).map { Int64($0 % 9) },
                                      similarArtists: [.init(artistID: 1, similarID: 2, match: 0.8)])
        return SimilaritySpace(trackIDs: (0..<rows).map { Int64($0 + 1) }, sonic: sonic, genre: genre, artists: artists,
                               model: ScoreModel(sonicWeight: 0.6, genreWeight: 0.4, artistBoost: 0.05))
    }

    @Test func blockScoresAreThePairScores() {
        let space = Self.space(rows: 150, seed: 3)
        let layout = BlockScorer.Layout(space)
        // Scattered query rows gathered side by side, against a range of rows in place, into
        // an output wider than the block.
        let queryRows = Array(stride(from: 1, to: 150, by: 4)), candidates = 10..<150, stride = candidates.count + 5
        var queries = CandidateRows(layout: layout)
        queries.gather(queryRows, from: space)
        var output = [Float](repeating: .nan, count: queryRows.count * stride)
        output.withUnsafeMutableBufferPointer { output in
            queries.withRows { queries in
                BlockScorer.score(queries, against: BlockScorer.rows(space.sonic, space.genre, candidates), layout: layout,
                                  into: output.baseAddress!, stride: stride)
            }
        }
        var worst: Float = 0
        for (offset, query) in queryRows.enumerated() {
            for (column, candidate) in candidates.enumerated() {
                worst = max(worst, abs(output[offset * stride + column] - space.rankingScore(query, candidate)))
            }
        }
        #expect(worst < 1e-6, "largest difference \(worst)")
    }

    /// Every track's neighbours are the best pair scores (boost included) by a full sort, ties
    /// to the lower row; tracks with neither part have none and are nobody's.
    @Test func exactNeighboursAreTheBestByAFullSort() {
        let space = Self.space(rows: 700, seed: 8), k = 25
        let graph = NeighbourSearch.run(space: space, k: k, progress: { _ in })
        #expect(graph.k == k)
        let unsearchable = Set(space.unsearchable)
        #expect(!unsearchable.isEmpty)
        var checked = 0, misplaced: [String] = []
        for row in 0..<space.count {
            let stored = graph.rows[(row * k)..<((row + 1) * k)].map(Int.init)
            guard !unsearchable.contains(row) else {
                if stored.contains(where: { $0 >= 0 }) { misplaced.append("row \(row) has neither part but got neighbours") }
                continue
            }
            let score = { (other: Int) in space.rankingScore(row, other) + 0.05 * space.artists.match(row, other) }
            let sorted = (0..<space.count).filter { $0 != row && !unsearchable.contains($0) }
                .sorted { (score($0), -$0) > (score($1), -$1) }
            if stored.contains(row) || stored.contains(where: unsearchable.contains) {
                misplaced.append("row \(row) lists itself or a row with neither part")
            }
            for rank in 0..<k where abs(score(stored[rank]) - score(sorted[rank])) >= 1e-5 {
                misplaced.append("row \(row) rank \(rank): \(stored[rank]) scores \(score(stored[rank])), best \(score(sorted[rank]))")
            }
            checked += 1
        }
        #expect(misplaced.isEmpty, "\(misplaced.count) wrong, first \(misplaced.prefix(3))")
        #expect(checked > 600)
    }
}
