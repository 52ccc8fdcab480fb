/// The `k` best neighbours of every row of a `SimilaritySpace`, best first, as row indices.
/// Scores are not kept: the writer recomputes each pair's breakdown, which costs less than
/// holding `count × k` more values (80 MB at 200,000 tracks).
struct NeighbourGraph: Sendable {
    let k: Int
    /// `count × k` row indices, -1 past the end of a short list.
    let rows: [Int32]

    init(k: Int, rows: [Int32]) {
        self.k = k
        self.rows = rows
    }

    init(count: Int, k: Int) {
        self.init(k: k, rows: Array(repeating: -1, count: count * k))
    }

    func neighbours(of row: Int) -> [Int] {
        rows[(row * k)..<((row + 1) * k)].prefix { $0 >= 0 }.map(Int.init)
    }
}
