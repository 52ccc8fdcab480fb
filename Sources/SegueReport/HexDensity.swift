/// Aggregates many map points into hexagonal bins, for libraries too large to draw point by
/// point. Pointy-top hexagons in axial coordinates (Red Blob Games, "Hexagonal Grids").
struct HexDensity: Sendable {
    struct Bin: Sendable {
        var q: Int
        var r: Int
        var count = 0
        var genreCounts: [Int: Int] = [:]

        /// The bin's most common colour key (ties to the lower key) and its share.
        var dominant: (key: Int, share: Double) {
            let best = genreCounts.max { ($0.value, $1.key) < ($1.value, $0.key) } ?? (key: HexDensity.noGenreKey, value: 0)
            return (best.key, Double(best.value) / Double(max(count, 1)))
        }
    }

    /// Colour keys beyond the genre indices.
    static let otherGenreKey = -1
    static let noGenreKey = -2

    let radius: Double
    /// Non-empty bins, ordered by position so the output is deterministic.
    let bins: [Bin]
    let maxCount: Int

    init(pixels: [(x: Double, y: Double, key: Int)], radius: Double) {
        self.radius = radius
        var bins: [Int64: Bin] = [:]
        for pixel in pixels {
            let (q, r) = Self.axial(x: pixel.x, y: pixel.y, radius: radius)
            let id = Int64(q) << 32 | Int64(UInt32(bitPattern: Int32(r)))
            bins[id, default: Bin(q: q, r: r)].count += 1
            bins[id]!.genreCounts[pixel.key, default: 0] += 1
        }
        self.bins = bins.values.sorted { ($0.r, $0.q) < ($1.r, $1.q) }
        maxCount = self.bins.map(\.count).max() ?? 0
    }

    func centre(of bin: Bin) -> (x: Double, y: Double) {
        (radius * 3.0.squareRoot() * (Double(bin.q) + Double(bin.r) / 2), radius * 1.5 * Double(bin.r))
    }

    /// The hexagon containing a pixel: fractional axial coordinates, rounded in cube space.
    static func axial(x: Double, y: Double, radius: Double) -> (q: Int, r: Int) {
        let q = (3.0.squareRoot() / 3 * x - y / 3) / radius
        let r = (2.0 / 3 * y) / radius
        let s = -q - r
        var (rq, rr) = (q.rounded(), r.rounded())
        let rs = s.rounded()
        let (dq, dr, ds) = (abs(rq - q), abs(rr - r), abs(rs - s))
        if dq > dr, dq > ds { rq = -rr - rs } else if dr > ds { rr = -rq - rs }
        return (Int(rq), Int(rr))
    }
}
