/// Deterministic k-means (Lloyd's algorithm with k-means++ seeding, Arthur and Vassilvitskii
/// 2007) over row-major Float vectors, for splitting the library into coherent mixes.
///
/// The centres are fitted on an evenly strided sample and then every row is assigned, so a
/// large library costs one pass per iteration over the sample only. The seed is fixed by the
/// caller, so the same library gives the same clusters every night.
public struct KMeans: Sendable {
    public let k: Int
    public let dimensions: Int
    public var iterations = 20
    public var sampleSize = 4000

    public init(k: Int, dimensions: Int) {
        self.k = k
        self.dimensions = dimensions
    }

    public struct Result: Sendable {
        /// Cluster of each row.
        public var assignments: [Int]
        /// Squared distance of each row to its cluster's centre.
        public var distances: [Float]
        public var centres: [[Float]]
    }

    public func cluster(_ rows: [Float], seed: UInt64) -> Result {
        let count = dimensions > 0 ? rows.count / dimensions : 0
        let clusters = min(k, count)
        guard clusters > 0 else { return Result(assignments: [], distances: [], centres: []) }
        let stride = max(1, count / sampleSize)
        let sample = Array(Swift.stride(from: 0, to: count, by: stride))
        var generator = SplitMix64(seed: seed)
        var centres = seedCentres(rows, sample: sample, clusters: clusters, generator: &generator)
        for _ in 0..<iterations {
            var sums = [[Float]](repeating: [Float](repeating: 0, count: dimensions), count: clusters)
            var sizes = [Int](repeating: 0, count: clusters)
            for row in sample {
                let (nearest, _) = self.nearest(rows, row, centres)
                sizes[nearest] += 1
                for d in 0..<dimensions { sums[nearest][d] += rows[row * dimensions + d] }
            }
            var moved = false
            for c in 0..<clusters where sizes[c] > 0 {
                let centre = sums[c].map { $0 / Float(sizes[c]) }
                if centre != centres[c] { moved = true }
                centres[c] = centre
            }
            if !moved { break }
        }
        var assignments = [Int](repeating: 0, count: count)
        var distances = [Float](repeating: 0, count: count)
        for row in 0..<count {
            (assignments[row], distances[row]) = nearest(rows, row, centres)
        }
        return Result(assignments: assignments, distances: distances, centres: centres)
    }

    private func seedCentres(_ rows: [Float], sample: [Int], clusters: Int, generator: inout SplitMix64) -> [[Float]] {
        func vector(_ row: Int) -> [Float] { Array(rows[(row * dimensions)..<((row + 1) * dimensions)]) }
        var centres = [vector(sample[Int(generator.next() % UInt64(sample.count))])]
        var best = sample.map { squaredDistance(rows, $0, centres[0]) }
        while centres.count < clusters {
            let total = best.reduce(0, +)
            var target = Float(generator.unit()) * total
            var pick = sample.count - 1
            for (position, weight) in best.enumerated() {
                target -= weight
                if target <= 0 { pick = position; break }
            }
            let centre = vector(sample[pick])
            centres.append(centre)
            for (position, row) in sample.enumerated() {
                best[position] = min(best[position], squaredDistance(rows, row, centre))
            }
        }
        return centres
    }

    private func nearest(_ rows: [Float], _ row: Int, _ centres: [[Float]]) -> (Int, Float) {
        var best = 0
        var bestDistance = Float.infinity
        for (index, centre) in centres.enumerated() {
            let distance = squaredDistance(rows, row, centre)
            if distance < bestDistance { best = index; bestDistance = distance }
        }
        return (best, bestDistance)
    }

    private func squaredDistance(_ rows: [Float], _ row: Int, _ centre: [Float]) -> Float {
        var sum: Float = 0
        let base = row * dimensions
        for d in 0..<dimensions {
            let difference = rows[base + d] - centre[d]
            sum += difference * difference
        }
        return sum
    }
}
