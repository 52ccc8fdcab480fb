/// The plane of the library map: the first two principal components of the feature vectors.
///
/// Each dimension is standardized (zero mean, unit variance) so that no feature family wins
/// by its units alone; the components are the top eigenvectors of the covariance of the
/// standardized vectors, found by power iteration, each later one kept orthogonal to the
/// ones before (Gram–Schmidt at every step, which also holds when eigenvalues are close).
/// Each axis's sign is fixed (its largest coordinate is positive) so the map does not flip
/// between nights when the library barely changes.
struct PrincipalComponents: Sendable {
    /// Fitting on a fixed stride of at most this many vectors keeps a 30,000-track library
    /// cheap; the projection of the rest is as good for a picture.
    static let maxFitVectors = 5_000
    static let maxIterations = 500
    static let tolerance = 1e-10

    let mean: [Double]
    /// 1/σ per dimension; 0 for constant dimensions, which carry no information.
    let inverseDeviation: [Double]
    let axes: [[Double]]
    /// Share of the total standardized variance along each axis.
    let explainedVariance: [Double]

    init(fitting vectors: [[Float]], components: Int = 2) {
        let dimension = vectors.first?.count ?? 0
        let step = max(1, (vectors.count + Self.maxFitVectors - 1) / Self.maxFitVectors)
        let sample = stride(from: 0, to: vectors.count, by: step).map { vectors[$0] }
        let count = Double(max(sample.count, 1))

        var mean = [Double](repeating: 0, count: dimension)
        for vector in sample {
            for i in 0..<dimension { mean[i] += Double(vector[i]) }
        }
        mean = mean.map { $0 / count }
        var variance = [Double](repeating: 0, count: dimension)
        for vector in sample {
            for i in 0..<dimension {
                let d = Double(vector[i]) - mean[i]
                variance[i] += d * d
            }
        }
        let inverseDeviation = variance.map { $0 / count > 1e-12 ? 1 / ($0 / count).squareRoot() : 0 }

        let covariance = Self.covariance(sample, mean: mean, inverseDeviation: inverseDeviation, dimension: dimension)
        let trace = (0..<dimension).reduce(0) { $0 + covariance[$1 * dimension + $1] }
        var axes: [[Double]] = []
        var explained: [Double] = []
        for _ in 0..<min(components, dimension) {
            let (axis, eigenvalue) = Self.dominantEigenvector(of: covariance, dimension: dimension, orthogonalTo: axes)
            axes.append(axis)
            explained.append(trace > 0 ? max(0, eigenvalue) / trace : 0)
        }
        self.mean = mean
        self.inverseDeviation = inverseDeviation
        self.axes = axes
        self.explainedVariance = explained
    }

    /// The coordinates of one vector along each axis; zeros for a vector of another length.
    func project(_ vector: [Float]) -> [Double] {
        guard vector.count == mean.count else { return axes.map { _ in 0 } }
        return axes.map { axis in
            var sum = 0.0
            for i in 0..<vector.count { sum += (Double(vector[i]) - mean[i]) * inverseDeviation[i] * axis[i] }
            return sum
        }
    }

    /// Row-major covariance of the standardized vectors; the inner loop runs on raw buffers
    /// because this is the one O(n·d²) step.
    private static func covariance(_ vectors: [[Float]], mean: [Double], inverseDeviation: [Double], dimension: Int) -> [Double] {
        var covariance = [Double](repeating: 0, count: dimension * dimension)
        var row = [Double](repeating: 0, count: dimension)
        covariance.withUnsafeMutableBufferPointer { c in
            row.withUnsafeMutableBufferPointer { z in
                for vector in vectors {
                    for i in 0..<dimension { z[i] = (Double(vector[i]) - mean[i]) * inverseDeviation[i] }
                    for i in 0..<dimension where z[i] != 0 {
                        let zi = z[i]
                        for j in i..<dimension { c[i * dimension + j] += zi * z[j] }
                    }
                }
                let count = Double(max(vectors.count, 1))
                for i in 0..<dimension {
                    for j in i..<dimension {
                        c[i * dimension + j] /= count
                        c[j * dimension + i] = c[i * dimension + j]
                    }
                }
            }
        }
        return covariance
    }

    private static func dominantEigenvector(of matrix: [Double], dimension: Int,
                                            orthogonalTo previous: [[Double]]) -> (axis: [Double], eigenvalue: Double) {
        // A start vector with distinct coordinates is never orthogonal to every eigenvector
        // in practice, and it keeps the result deterministic.
        var vector = normalized(orthogonalized((0..<dimension).map { 1 + Double($0) / Double(dimension) }, to: previous))
        for _ in 0..<maxIterations {
            let next = normalized(orthogonalized(multiply(matrix, vector, dimension: dimension), to: previous))
            if next.allSatisfy({ $0 == 0 }) { return (vector.map { _ in 0 }, 0) }
            let change = zip(next, vector).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
            vector = next
            if change < tolerance { break }
        }
        let product = multiply(matrix, vector, dimension: dimension)
        let eigenvalue = zip(vector, product).reduce(0) { $0 + $1.0 * $1.1 }
        let largest = vector.indices.max { abs(vector[$0]) < abs(vector[$1]) }
        if let largest, vector[largest] < 0 { vector = vector.map { -$0 } }
        return (vector, eigenvalue)
    }

    private static func multiply(_ matrix: [Double], _ vector: [Double], dimension: Int) -> [Double] {
        (0..<dimension).map { i in
            var sum = 0.0
            for j in 0..<dimension { sum += matrix[i * dimension + j] * vector[j] }
            return sum
        }
    }

    private static func orthogonalized(_ vector: [Double], to axes: [[Double]]) -> [Double] {
        axes.reduce(vector) { vector, axis in
            let dot = zip(vector, axis).reduce(0) { $0 + $1.0 * $1.1 }
            return zip(vector, axis).map { $0 - dot * $1 }
        }
    }

    private static func normalized(_ vector: [Double]) -> [Double] {
        let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? vector.map { $0 / norm } : vector
    }
}
