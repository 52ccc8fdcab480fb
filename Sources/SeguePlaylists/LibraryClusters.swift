/// The library split into coherent groups of sound: k-means over the standardized sonic
/// feature vectors, fitted on an evenly strided sample and assigned in a second streaming
/// pass, so memory stays small whatever the library's size.
struct LibraryClusters {
    /// Tracks of each cluster with their squared distance to its centre, largest cluster first.
    var groups: [[(id: Int64, distance: Float)]]

    static let sampleSize = 4000

    /// The clusters of the analysed library: those stored by an earlier run when the features
    /// have not changed since, else computed (and stored unless `dryRun`).
    static func load(store: PlaylistStore, k: Int, seed: UInt64, dryRun: Bool) throws -> LibraryClusters {
        let input = "\(try store.featureSignature())/k\(k)/\(seed)"
        if let groups = try store.clusters(input: input) { return LibraryClusters(groups: groups) }
        let clusters = try compute(store: store, k: k, seed: seed)
        if !dryRun { try store.saveClusters(clusters.groups, input: input) }
        return clusters
    }

    static func compute(store: PlaylistStore, k: Int, seed: UInt64) throws -> LibraryClusters {
        let (count, dimensions) = try store.featureShape()
        guard count >= k, dimensions > 0 else { return LibraryClusters(groups: []) }
        let stride = max(1, count / sampleSize)
        var sums = [Double](repeating: 0, count: dimensions)
        var squares = [Double](repeating: 0, count: dimensions)
        var sample: [Float] = []
        var row = 0
        try store.forEachFeatureVector(dimensions: dimensions) { _, vector in
            for (d, value) in vector.enumerated() {
                sums[d] += Double(value)
                squares[d] += Double(value) * Double(value)
            }
            if row % stride == 0 { sample += vector }
            row += 1
        }
        let means = sums.map { Float($0 / Double(row)) }
        // A constant feature carries no information: scale 0 rather than a division by zero.
        let scales = zip(sums, squares).map { sum, square -> Float in
            let mean = sum / Double(row)
            let deviation = max(0, square / Double(row) - mean * mean).squareRoot()
            return deviation > 1e-9 ? Float(1 / deviation) : 0
        }
        func standardized(_ vector: [Float]) -> [Float] {
            zip(vector, zip(means, scales)).map { ($0 - $1.0) * $1.1 }
        }
        var standardizedSample: [Float] = []
        standardizedSample.reserveCapacity(sample.count)
        for start in Swift.stride(from: 0, to: sample.count, by: dimensions) {
            standardizedSample += standardized(Array(sample[start..<(start + dimensions)]))
        }
        let centres = KMeans(k: k, dimensions: dimensions).fit(standardizedSample, seed: seed)
        var groups = [[(id: Int64, distance: Float)]](repeating: [], count: centres.count)
        try store.forEachFeatureVector(dimensions: dimensions) { id, vector in
            let (cluster, distance) = KMeans.nearest(standardized(vector), centres)
            groups[cluster].append((id, distance))
        }
        groups = groups.filter { !$0.isEmpty }.sorted { ($0.count, -$0[0].id) > ($1.count, -$1[0].id) }
        return LibraryClusters(groups: groups)
    }
}
