/// What the approximate search and the incremental update do with one track's scores against
/// its candidates (sorted rows): leave the track itself out, add the similar-artist boost, and
/// bring in the tracks of similar artists the candidates lack, scored one by one, since the
/// exact search would rank them with their boost too. Then keep the best `k`.
struct RowRanking {
    let space: SimilaritySpace
    let k: Int
    private var selector: TopSelector
    private var scratch: [Float] = []

    init(space: SimilaritySpace, k: Int) {
        self.space = space
        self.k = k
        selector = TopSelector(k: k)
    }

    /// The best `k` of `candidates` for `row`, best first, given their ranking scores.
    mutating func best(for row: Int, scores: UnsafeMutablePointer<Float>, candidates: [Int]) -> [Int32] {
        guard space.hasSonic[row] || space.hasGenre[row] else { return [] }
        if let own = candidates.sortedIndex(of: row) { scores[own] = -.infinity }
        var extras: [(row: Int, score: Float)] = []
        let boost = space.model.artistBoost
        if boost > 0 {
            for (other, match) in space.artists.boostedRows(for: row)
            where other != row && (space.hasSonic[other] || space.hasGenre[other]) {
                if let position = candidates.sortedIndex(of: other) {
                    scores[position] += boost * match
                } else {
                    extras.append((other, space.rankingScore(row, other) + boost * match))
                }
            }
        }
        guard !extras.isEmpty else {
            return selector.select(scores, count: candidates.count).map { Int32(candidates[Int($0.index)]) }
        }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(start: scores, count: candidates.count))
        scratch.append(contentsOf: extras.map(\.score))
        let best = scratch.withUnsafeBufferPointer { selector.select($0.baseAddress!, count: $0.count) }
        return best.map { entry in
            let position = Int(entry.index)
            return Int32(position < candidates.count ? candidates[position] : extras[position - candidates.count].row)
        }
    }
}
