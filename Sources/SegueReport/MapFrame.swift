/// Maps projection coordinates to the map's pixels. The bounds are robust percentiles, so
/// a handful of outliers (a 40-minute drone piece) cannot squash the library into a corner;
/// those few are pinned to the edge.
struct MapFrame: Sendable {
    static let width = 880.0
    static let height = 540.0
    static let margin = 14.0
    /// Share of points on each side allowed outside the bounds.
    static let outlierShare = 0.005

    let minX: Double, maxX: Double, minY: Double, maxY: Double

    init(points: [MapData.Point]) {
        func bounds(_ values: [Double]) -> (Double, Double) {
            guard !values.isEmpty else { return (-1, 1) }
            let sorted = values.sorted()
            let cut = Int(Double(sorted.count - 1) * Self.outlierShare)
            let (low, high) = (sorted[cut], sorted[sorted.count - 1 - cut])
            // A flat axis (one track, or identical vectors) still gets a visible span.
            return high - low > 1e-9 ? (low, high) : (low - 1, high + 1)
        }
        (minX, maxX) = bounds(points.map(\.x))
        (minY, maxY) = bounds(points.map(\.y))
    }

    /// Pixel position; y grows upwards in the projection and downwards on screen.
    func pixel(x: Double, y: Double) -> (x: Double, y: Double) {
        let u = min(max((x - minX) / (maxX - minX), 0), 1)
        let v = min(max((y - minY) / (maxY - minY), 0), 1)
        return (Self.margin + u * (Self.width - 2 * Self.margin),
                Self.margin + (1 - v) * (Self.height - 2 * Self.margin))
    }
}
