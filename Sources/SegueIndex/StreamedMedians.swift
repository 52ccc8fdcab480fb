/// The median of each column of vectors streamed from the database, exactly as sorting each
/// column would give it (`SonicSpace.quantile(_, 0.5)`), without holding the columns: a million
/// 200-value embeddings would be 800 MB. The two middle order statistics of each column are
/// found by radix selection on the floats' order-preserving bit patterns, 12, 10 and 10 bits a
/// pass, so the vectors are streamed three times and the counts take 4 KB a column.
enum StreamedMedians {
    /// Digit widths of the passes, most significant first; they sum to 32.
    private static let digits = [12, 10, 10]

    /// - Parameter stream: calls its argument with every vector (each `columns` long); called once per pass.
    /// - Returns: nil when the stream is empty.
    static func compute(columns: Int, stream: (_ visit: ([Float]) -> Void) throws -> Void) rethrows -> [Float]? {
        var count = 0
        try stream { _ in count += 1 }
        guard count > 0, columns > 0 else { return nil }
        // As SonicSpace.quantile places the median: between ranks `lower` and `lower + 1`.
        let position = Float(0.5) * Float(count - 1)
        let lower = Int(position)
        let fraction = position - Float(lower)
        let ranks = [lower, min(count - 1, lower + 1)]
        // Per column and rank: the key's bits found so far and the rank left within them.
        var prefixes = [UInt32](repeating: 0, count: columns * 2)
        var remaining = (0..<columns).flatMap { _ in ranks }
        var known = 0
        for width in digits {
            let bins = 1 << width
            var histogram = [Int32](repeating: 0, count: columns * 2 * bins)
            let shift = 32 - known - width
            try stream { vector in
                for (column, value) in vector.enumerated() {
                    let key = orderedKey(value)
                    let digit = Int((key >> UInt32(shift)) & UInt32(bins - 1))
                    for target in 0..<2 where known == 0 || key >> UInt32(32 - known) == prefixes[column * 2 + target] {
                        histogram[(column * 2 + target) * bins + digit] += 1
                    }
                }
            }
            for slot in 0..<(columns * 2) {
                var digit = 0, rank = remaining[slot]
                while rank >= Int(histogram[slot * bins + digit]) {
                    rank -= Int(histogram[slot * bins + digit])
                    digit += 1
                }
                prefixes[slot] = prefixes[slot] << UInt32(width) | UInt32(digit)
                remaining[slot] = rank
            }
            known += width
        }
        return (0..<columns).map { column in
            let a = value(ofKey: prefixes[column * 2]), b = value(ofKey: prefixes[column * 2 + 1])
            return a + (b - a) * fraction
        }
    }

    /// A key whose unsigned order is the floats' order (negative floats reversed, below the positive ones).
    static func orderedKey(_ value: Float) -> UInt32 {
        let bits = value.bitPattern
        return bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000
    }

    static func value(ofKey key: UInt32) -> Float {
        Float(bitPattern: key & 0x8000_0000 != 0 ? key & 0x7FFF_FFFF : ~key)
    }
}
