/// The `k` best neighbours of every row of a `SimilaritySpace`, best first, as row indices.
struct NeighbourGraph: Sendable {
    let k: Int
    /// `count × k` row indices, -1 past the end of a short list.
    var rows: [Int32]
    /// Scores parallel to `rows`.
    var scores: [Float]

    init(k: Int, rows: [Int32], scores: [Float]) {
        self.k = k
        self.rows = rows
        self.scores = scores
    }

    init(count: Int, k: Int) {
        self.k = k
        rows = Array(repeating: -1, count: count * k)
        scores = Array(repeating: 0, count: count * k)
    }

    func neighbours(of row: Int) -> [Int] {
        rows[(row * k)..<((row + 1) * k)].prefix { $0 >= 0 }.map(Int.init)
    }
}
