/// Picks the `k` highest scores of a row, ties going to the lower index, so the result does
/// not depend on how the work was split. Most scores fail one comparison with the running
/// threshold; survivors are cut back to the best `k` (by selection, not sorting) whenever `2k`
/// have gathered, and only the final `k` are sorted.
struct TopSelector {
    typealias Entry = (score: Float, index: Int32)

    let k: Int
    private var pool: [Entry] = []

    init(k: Int) {
        self.k = k
        pool.reserveCapacity(2 * k)
    }

    /// The best `k` of `scores[0..<count]` (indices, scores), best first. `-infinity` never qualifies.
    mutating func select(_ scores: UnsafePointer<Float>, count: Int) -> [Entry] {
        pool.removeAll(keepingCapacity: true)
        guard k > 0 else { return [] }
        var threshold = -Float.infinity
        for index in 0..<count where scores[index] > threshold {
            pool.append((scores[index], Int32(index)))
            if pool.count == 2 * k {
                keepBest()
                // Later indices are higher, so a later equal score never beats the worst kept.
                threshold = pool.min { Self.better($1, $0) }!.score
            }
        }
        pool.sort(by: Self.better)
        if pool.count > k { pool.removeLast(pool.count - k) }
        return pool
    }

    @inline(__always)
    static func better(_ a: Entry, _ b: Entry) -> Bool {
        a.score != b.score ? a.score > b.score : a.index < b.index
    }

    /// Moves the best `k` entries to the front (in no order) and drops the rest: Hoare's
    /// selection, deterministic pivots (middle element).
    private mutating func keepBest() {
        var low = 0, high = pool.count - 1
        while low < high {
            let pivot = pool[(low + high) / 2]
            var i = low, j = high
            while i <= j {
                while Self.better(pool[i], pivot) { i += 1 }
                while Self.better(pivot, pool[j]) { j -= 1 }
                if i <= j {
                    pool.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k - 1 <= j { high = j } else if k - 1 >= i { low = i } else { break }
        }
        pool.removeLast(pool.count - k)
    }
}
