import COpenBLAS
import Foundation

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
    var centre: [Float]
    var projection: Projection?

    struct Projection {
        let mean: [Float]
        /// `components[i]` is a unit direction in the weighted space, already divided by its
        /// deviation when whitening.
        let components: [[Float]]
    }

    /// Learns the transform from the raw vectors in `rows` of `vectors` (their first `dimension` columns).
    init(vectors: Matrix, rows: [Int], dimension: Int, settings: IndexSettings) {
        self.dimension = dimension
        var median = [Float](repeating: 0, count: dimension)
        var inverseSpread = [Float](repeating: 0, count: dimension)
        // One column at a time per core: a million tracks sort a 4 MB column each.
        let workers = max(1, min(dimension, ProcessInfo.processInfo.activeProcessorCount))
        median.withUnsafeMutableBufferPointer { median in
            inverseSpread.withUnsafeMutableBufferPointer { inverseSpread in
                let output = (median: SharedBuffer(median), inverseSpread: SharedBuffer(inverseSpread))
                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                    var column = [Float](repeating: 0, count: rows.count)
                    for dim in stride(from: worker, to: dimension, by: workers) {
                        for (index, row) in rows.enumerated() { column[index] = vectors[row, dim] }
                        column.sort()
                        let middle = Self.quantile(column, 0.5)
                        var spread = (Self.quantile(column, 0.75) - Self.quantile(column, 0.25)) / 1.349
                        if !(spread > 0) {
                            // More than half the values equal: fall back to the mean absolute deviation.
                            spread = column.reduce(0) { $0 + abs($1 - middle) } / Float(max(1, column.count))
                        }
                        output.median[dim] = middle
                        output.inverseSpread[dim] = spread > 0 && spread.isFinite ? 1 / spread : 0
                    }
                }
            }
        }
        self.median = median
        self.inverseSpread = inverseSpread

        let families = settings.groups.families(dimension: dimension)
        let sizes = Dictionary(grouping: families, by: { $0 }).mapValues(\.count)
        weights = families.map { Float((settings.weight(of: $0) / Double(sizes[$0] ?? 1)).squareRoot()) }
        clip = Float(settings.config.clip)
        projection = nil
        centre = [Float](repeating: 0, count: dimension)  // set below; `weighted` needs every property
        var sum = [Double](repeating: 0, count: dimension)
        for row in rows {
            for (dim, value) in weighted(vectors.row(row).prefix(dimension)).enumerated() { sum[dim] += Double(value) }
        }
        centre = sum.map { Float($0 / Double(max(1, rows.count))) }
        if settings.config.pcaVariance > 0, dimension > 1, rows.count > dimension {
            let space = self
            projection = Self.principalComponents(count: rows.count, dimension: dimension, mean: centre,
                                                  row: { space.weighted(vectors.row(rows[$0]).prefix(dimension)) },
                                                  variance: settings.config.pcaVariance, whiten: settings.config.whiten)
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

    /// The principal components of `count` weighted rows of mean `mean`, the covariance
    /// accumulated a slice of rows at a time (one BLAS rank-k update each), so the rows are
    /// never held together.
    static func principalComponents(count: Int, dimension: Int, mean: [Float], row: (Int) -> [Float],
                                    variance: Double, whiten: Bool) -> Projection {
        let mean = mean.map(Double.init)
        var packed = [Double](repeating: 0, count: dimension * dimension)
        let sliceRows = 1024
        var slice = [Double](repeating: 0, count: sliceRows * dimension)
        for first in stride(from: 0, to: count, by: sliceRows) {
            let rows = min(sliceRows, count - first)
            for offset in 0..<rows {
                for (dim, value) in row(first + offset).enumerated() { slice[offset * dimension + dim] = Double(value) - mean[dim] }
            }
            cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, Int32(dimension), Int32(rows), 1, slice, Int32(dimension),
                        1, &packed, Int32(dimension))
        }
        var covariance = [[Double]](repeating: [Double](repeating: 0, count: dimension), count: dimension)
        for i in 0..<dimension {
            for j in i..<dimension {
                covariance[i][j] = packed[i * dimension + j] / Double(count - 1)
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
