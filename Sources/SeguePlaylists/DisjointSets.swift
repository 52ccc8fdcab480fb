/// Union–find with path halving, over rows 0..<count.
struct DisjointSets: Sendable {
    private var parent: [Int]

    init(count: Int) {
        parent = Array(0..<count)
    }

    /// One more row, alone in its set.
    mutating func append() {
        parent.append(parent.count)
    }

    mutating func find(_ row: Int) -> Int {
        var row = row
        while parent[row] != row {
            parent[row] = parent[parent[row]]
            row = parent[row]
        }
        return row
    }

    mutating func union(_ a: Int, _ b: Int) {
        let rootA = find(a), rootB = find(b)
        if rootA != rootB { parent[max(rootA, rootB)] = min(rootA, rootB) }
    }
}
