/// Mean and population standard deviation (`numpy.std`, ddof 0) of a stream, by Welford's
/// update in Double: stable for near-constant features, and order-fixed, so deterministic.
struct RunningMoments: Sendable, Equatable {
    private(set) var count = 0
    private(set) var mean = 0.0
    private var sumOfSquaredDeviations = 0.0

    init() {}

    /// Rebuilds moments from a summary, for pooling finished segments.
    init(count: Int, mean: Double, std: Double) {
        self.count = count
        self.mean = mean
        sumOfSquaredDeviations = std * std * Double(count)
    }

    mutating func add(_ value: Double) {
        count += 1
        let delta = value - mean
        mean += delta / Double(count)
        sumOfSquaredDeviations += delta * (value - mean)
    }

    /// Chan et al.'s pairwise combination: the moments of the union of both streams.
    mutating func merge(_ other: RunningMoments) {
        guard other.count > 0 else { return }
        guard count > 0 else { self = other; return }
        let total = Double(count + other.count)
        let delta = other.mean - mean
        mean += delta * Double(other.count) / total
        sumOfSquaredDeviations += other.sumOfSquaredDeviations + delta * delta * Double(count) * Double(other.count) / total
        count += other.count
    }

    var std: Double {
        count > 0 ? (max(0, sumOfSquaredDeviations) / Double(count)).squareRoot() : 0
    }
}
