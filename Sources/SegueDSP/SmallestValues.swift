/// Exact selection of the few smallest values of a spectral band, for spectral contrast.
enum SmallestValues {
    /// The `q` (≤ 16) smallest of `values`, sorted ascending into `list`. Read as 16
    /// interleaved lanes, the q-th smallest of the lanes' minima has q distinct values at or
    /// below it, so it bounds the answer: one vector pass finds that bar, and only the few
    /// values under it are sorted into the list (for q = 1 the bar is the answer); that second
    /// pass, too, skips by vector the blocks of 16 that hold nothing under the bar.
    static func select(_ q: Int, of values: UnsafeBufferPointer<Float>, into list: UnsafeMutablePointer<Float>,
                       lanes: UnsafeMutablePointer<Float>) {
        let n = values.count
        let raw = UnsafeRawPointer(values.baseAddress!)
        var a = SIMD4<Float>(repeating: .infinity), b = a, c = a, d = a
        var i = 0
        while i + 16 <= n {
            let (va, vb, vc, vd) = block(raw, at: i)
            a.replace(with: va, where: va .< a)
            b.replace(with: vb, where: vb .< b)
            c.replace(with: vc, where: vc .< c)
            d.replace(with: vd, where: vd .< d)
            i += 16
        }
        for k in 0..<4 { lanes[k] = a[k]; lanes[4 + k] = b[k]; lanes[8 + k] = c[k]; lanes[12 + k] = d[k] }
        for k in 0..<(n - i) where values[i + k] < lanes[k] { lanes[k] = values[i + k] }
        var filled = 0
        for lane in 0..<16 { offer(lanes[lane], to: list, filled: &filled, capacity: q) }
        if q == 1 { return }
        let limit = list[q - 1]
        let bar = SIMD4<Float>(repeating: limit)
        filled = 0
        var k = 0
        while k + 16 <= n {
            let (va, vb, vc, vd) = block(raw, at: k)
            if any((va .<= bar) .| (vb .<= bar) .| (vc .<= bar) .| (vd .<= bar)) {
                for j in k..<(k + 16) where values[j] <= limit {
                    offer(values[j], to: list, filled: &filled, capacity: q)
                }
            }
            k += 16
        }
        for j in k..<n where values[j] <= limit {
            offer(values[j], to: list, filled: &filled, capacity: q)
        }
    }

    /// Values `index ..< index + 16` as four vectors.
    @inline(__always)
    private static func block(_ raw: UnsafeRawPointer, at index: Int)
        -> (SIMD4<Float>, SIMD4<Float>, SIMD4<Float>, SIMD4<Float>) {
        (raw.loadUnaligned(fromByteOffset: index * 4, as: SIMD4<Float>.self),
         raw.loadUnaligned(fromByteOffset: index * 4 + 16, as: SIMD4<Float>.self),
         raw.loadUnaligned(fromByteOffset: index * 4 + 32, as: SIMD4<Float>.self),
         raw.loadUnaligned(fromByteOffset: index * 4 + 48, as: SIMD4<Float>.self))
    }

    /// Keeps the `capacity` smallest values offered in `list`, ascending.
    @inline(__always)
    private static func offer(_ v: Float, to list: UnsafeMutablePointer<Float>, filled: inout Int, capacity: Int) {
        if filled == capacity {
            guard v < list[capacity - 1] else { return }
            filled -= 1
        }
        var j = filled
        while j > 0 && v < list[j - 1] { list[j] = list[j - 1]; j -= 1 }
        list[j] = v
        filled += 1
    }
}
