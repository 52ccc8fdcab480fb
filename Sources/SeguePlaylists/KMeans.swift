import SegueCore

/// Deterministic k-means (Lloyd's algorithm with k-means++ seeding, Arthur and Vassilvitskii
/// 2007) over row-major Float vectors, for splitting the library into coherent mixes.
///
/// Centres are fitted on a sample; every track is then assigned to its nearest centre as it
/// streams past, so the whole library never has to be held in memory.
public struct KMeans: Sendable {
    public let k: Int
    public let dimensions: Int
    public var iterations = 25

    public init(k: Int, dimensions: Int) {
        self.k = k
        self.dimensions = dimensions
    }

    /// Up to `k` centres fitted to `rows` (row-major), the same for the same rows and seed.
    /// Lloyd's iterations start from `initial` (last night's centres, so clusters stay where
    /// they were while the library grows), completed by k-means++ when it has fewer than `k`.
    public func fit(_ rows: [Float], seed: UInt64, initial: [[Float]] = []) -> [[Float]] {
        let count = dimensions > 0 ? rows.count / dimensions : 0
        let clusters = min(k, count)
        guard clusters > 0 else { return [] }
        var generator = SplitMix64(seed: seed)
        var centres = seedCentres(rows, count: count, clusters: clusters,
                                  initial: Array(initial.filter { $0.count == dimensions }.prefix(clusters)), generator: &generator)
        for _ in 0..<iterations {
            var sums = [[Float]](repeating: [Float](repeating: 0, count: dimensions), count: clusters)
            var sizes = [Int](repeating: 0, count: clusters)
            for row in 0..<count {
                let vector = rows[(row * dimensions)..<((row + 1) * dimensions)]
                let (nearest, _) = Self.nearest(vector, centres)
                sizes[nearest] += 1
                for (d, value) in vector.enumerated() { sums[nearest][d] += value }
            }
            var moved = false
            for c in 0..<clusters where sizes[c] > 0 {
                let centre = sums[c].map { $0 / Float(sizes[c]) }
                if centre != centres[c] { moved = true }
                centres[c] = centre
            }
            if !moved { break }
        }
        return centres
    }

    /// The nearest centre and the squared distance to it.
    public static func nearest(_ vector: some Collection<Float>, _ centres: [[Float]]) -> (Int, Float) {
        var best = 0
        var bestDistance = Float.infinity
        for (index, centre) in centres.enumerated() {
            let distance = squaredDistance(vector, centre)
            if distance < bestDistance { best = index; bestDistance = distance }
        }
        return (best, bestDistance)
    }

    private func seedCentres(_ rows: [Float], count: Int, clusters: Int, initial: [[Float]],
                             generator: inout SplitMix64) -> [[Float]] {
        func vector(_ row: Int) -> [Float] { Array(rows[(row * dimensions)..<((row + 1) * dimensions)]) }
        guard initial.count < clusters else { return initial }
        var centres = initial.isEmpty ? [vector(Int(generator.next() % UInt64(count)))] : initial
        var best = (0..<count).map { row in centres.map { Self.squaredDistance(vector(row), $0) }.min()! }
        while centres.count < clusters {
            let total = best.reduce(0, +)
            var target = Float(generator.unit()) * total
            var pick = count - 1
            for (row, weight) in best.enumerated() {
                target -= weight
                if target <= 0 { pick = row; break }
            }
            let centre = vector(pick)
            centres.append(centre)
            for row in 0..<count {
                best[row] = min(best[row], Self.squaredDistance(vector(row), centre))
            }
        }
        return centres
    }

    private static func squaredDistance(_ vector: some Collection<Float>, _ centre: [Float]) -> Float {
        var sum: Float = 0
        for (value, middle) in zip(vector, centre) {
            let difference = value - middle
            sum += difference * difference
        }
        return sum
    }
}
