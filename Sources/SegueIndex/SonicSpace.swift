/// Turns raw feature vectors into comparable unit vectors.
///
/// Each dimension is centred on its median and divided by its robust spread (IQR / 1.349,
/// the standard deviation of a normal distribution with that IQR), then clipped, so a
/// dimension in Hz and one in dB weigh alike and an outlier cannot dominate. Each family of
/// `FeatureGroups` is then scaled to its configured weight whatever its number of dimensions,
/// and the library's mean is subtracted: cosine measures angles around the origin, and
/// skewed, clipped features leave the median-centred cloud off it, which makes every pair
/// look a little alike (on the real library of `bench/similarity.sh`, centring on the mean
/// lifted same-album precision@10 from 0.392 to 0.404, on both halves of the albums).
/// Optionally PCA keeps the components holding a given share of the variance (and whitens
/// them). Segment vectors go through the same transform, so the end of one track compares
/// with the beginning of another.
struct SonicSpace {
    let dimension: Int
    let median: [Float]
    /// 1 / robust spread, 0 for a constant dimension.
    let inverseSpread: [Float]
    /// Per-dimension family weight (√(weight / dimensions in the family)).
    let weights: [Float]
    let clip: Float
    /// The mean of the weighted track vectors, subtracted before the unit scaling (PCA
    /// subtracts it as its own mean).
    private(set) var centre: [Float]
    private(set) var projection: Projection?

    struct Projection {
        let mean: [Float]
        /// `components[i]` is a unit direction in the weighted space, already divided by its
        /// deviation when whitening.
        let components: [[Float]]
    }

    /// Learns the transform from `vectors` (all of one dimension).
    init(vectors: [[Float]], settings: IndexSettings) {
        let dimension = vectors.first?.count ?? 0
        self.dimension = dimension
        var median = [Float](repeating: 0, count: dimension)
        var inverseSpread = [Float](repeating: 0, count: dimension)
        var column = [Float](repeating: 0, count: vectors.count)
        for dim in 0..<dimension {
            for (row, vector) in vectors.enumerated() { column[row] = vector[dim] }
            column.sort()
            median[dim] = Self.quantile(column, 0.5)
            var spread = (Self.quantile(column, 0.75) - Self.quantile(column, 0.25)) / 1.349
            if !(spread > 0) {
                // More than half the values equal: fall back to the mean absolute deviation.
                spread = column.reduce(0) { $0 + abs($1 - median[dim]) } / Float(max(1, column.count))
            }
            inverseSpread[dim] = spread > 0 && spread.isFinite ? 1 / spread : 0
        }
        self.median = median
        self.inverseSpread = inverseSpread

        let families = settings.groups.families(dimension: dimension)
        let sizes = Dictionary(grouping: families, by: { $0 }).mapValues(\.count)
        weights = families.map { Float((settings.weight(of: $0) / Double(sizes[$0] ?? 1)).squareRoot()) }
        clip = Float(settings.config.clip)
        projection = nil
        centre = [Float](repeating: 0, count: dimension)  // set below; `weighted` needs every property
        let weightedVectors = vectors.map(weighted)
        var sum = [Double](repeating: 0, count: dimension)
        for vector in weightedVectors { for dim in 0..<dimension { sum[dim] += Double(vector[dim]) } }
        centre = sum.map { Float($0 / Double(max(1, vectors.count))) }
        if settings.config.pcaVariance > 0, dimension > 1, vectors.count > dimension {
            projection = Self.principalComponents(weightedVectors, variance: settings.config.pcaVariance,
                                                  whiten: settings.config.whiten)
        }
    }

    /// Columns of the transformed vectors.
    var outputDimension: Int { projection?.components.count ?? dimension }

    /// Normalized, clipped and weighted, before any projection.
    func weighted(_ vector: some Collection<Float>) -> [Float] {
        zip(vector.indices, 0..<dimension).map { index, dim in
            let z = (vector[index] - median[dim]) * inverseSpread[dim]
            return min(clip, max(-clip, z)) * weights[dim]
        }
    }

    /// Weighted, then moved so that the library's tracks average to zero.
    func centred(_ vector: some Collection<Float>) -> [Float] {
        zip(weighted(vector), centre).map { $0 - $1 }
    }

    /// Writes the transformed vector into `row` of `matrix` and scales it to unit length.
    func transform(_ vector: some Collection<Float>, into matrix: Matrix, row: Int) {
        let target = matrix.row(row)
        if let projection {
            let values = weighted(vector)
            for (index, component) in projection.components.enumerated() {
                var sum: Float = 0
                for dim in 0..<dimension { sum += (values[dim] - projection.mean[dim]) * component[dim] }
                target[index] = sum
            }
        } else {
            for (dim, value) in centred(vector).enumerated() { target[dim] = value }
        }
        matrix.normalize(row: row)
    }

    static func quantile(_ sorted: [Float], _ q: Float) -> Float {
        guard !sorted.isEmpty else { return 0 }
        let position = q * Float(sorted.count - 1)
        let lower = Int(position), upper = min(sorted.count - 1, lower + 1)
        let fraction = position - Float(lower)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
    }

    static func principalComponents(_ vectors: [[Float]], variance: Double, whiten: Bool) -> Projection {
        let dimension = vectors[0].count
        var mean = [Double](repeating: 0, count: dimension)
        for vector in vectors { for dim in 0..<dimension { mean[dim] += Double(vector[dim]) } }
        mean = mean.map { $0 / Double(vectors.count) }
        var covariance = [[Double]](repeating: [Double](repeating: 0, count: dimension), count: dimension)
        var centred = [Double](repeating: 0, count: dimension)
        for vector in vectors {
            for dim in 0..<dimension { centred[dim] = Double(vector[dim]) - mean[dim] }
            for i in 0..<dimension where centred[i] != 0 {
                for j in i..<dimension { covariance[i][j] += centred[i] * centred[j] }
            }
        }
        for i in 0..<dimension {
            for j in i..<dimension {
                covariance[i][j] /= Double(vectors.count - 1)
                covariance[j][i] = covariance[i][j]
            }
        }
        let eigen = SymmetricEigen(covariance)
        let total = eigen.values.reduce(0) { $0 + max(0, $1) }
        var kept = 0, cumulative = 0.0
        while kept < dimension, eigen.values[kept] > 0, total > 0, cumulative / total < variance {
            cumulative += eigen.values[kept]
            kept += 1
        }
        let components = (0..<max(1, kept)).map { index in
            let scale = whiten ? 1 / max(1e-9, eigen.values[index]).squareRoot() : 1
            return eigen.vectors[index].map { Float($0 * scale) }
        }
        return Projection(mean: mean.map(Float.init), components: components)
    }
}
