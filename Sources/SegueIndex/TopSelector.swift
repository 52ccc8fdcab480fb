/// Picks the `k` highest scores of a row, ties going to the lower index, so the result does
/// not depend on how the work was split. Most scores fail one comparison with the running
/// threshold; survivors are pruned back to `k` whenever `2k` have gathered.
struct TopSelector {
    let k: Int
    private var pool: [(score: Float, index: Int32)] = []

    init(k: Int) {
        self.k = k
        pool.reserveCapacity(2 * k)
    }

    /// The best `k` of `scores[0..<count]` (indices, scores), best first. `-infinity` never qualifies.
    mutating func select(_ scores: UnsafePointer<Float>, count: Int) -> [(score: Float, index: Int32)] {
        pool.removeAll(keepingCapacity: true)
        guard k > 0 else { return [] }
        var threshold = -Float.infinity
        for index in 0..<count where scores[index] > threshold {
            pool.append((scores[index], Int32(index)))
            if pool.count == 2 * k {
                prune()
                threshold = pool[k - 1].score
            }
        }
        prune()
        return pool
    }

    private mutating func prune() {
        pool.sort { $0.score != $1.score ? $0.score > $1.score : $0.index < $1.index }
        if pool.count > k { pool.removeLast(pool.count - k) }
    }
}
