/// A read-only matrix of half-precision values, half the memory of `Matrix`, for the index
/// export keeps in memory: unit vectors lose about 1e-3 of cosine, far below what separates
/// neighbours. Values are widened to Float32 a row at a time for arithmetic.
///
/// The conversions are plain bit arithmetic on whole SIMD rows: IEEE half and single
/// precision share the sign and differ in exponent bias (15 vs 127) and mantissa width
/// (10 vs 23 bits). Magnitudes below 2^-14 (subnormal in half) become 0; unit-vector
/// components that small do not matter.
final class HalfMatrix: Sendable {
    let rows: Int
    /// A multiple of 8.
    let cols: Int
    private let storage: [SIMD8<UInt16>]

    /// Reads a stored Float32 matrix in slices, so the full-precision copy never exists whole.
    init(_ blob: MatrixBlob) throws {
        let rows = blob.rows, cols = blob.cols
        self.rows = rows
        self.cols = cols
        let chunksPerRow = cols / Matrix.lanes
        let sliceRows = max(1, 4096 / cols)
        var storage = [SIMD8<UInt16>]()
        storage.reserveCapacity(rows * chunksPerRow)
        var slice = [Float](repeating: 0, count: sliceRows * cols)
        for first in stride(from: 0, to: rows, by: sliceRows) {
            let count = min(sliceRows, rows - first)
            try slice.withUnsafeMutableBufferPointer { buffer in
                try blob.read(from: first * cols, count: count * cols, into: buffer.baseAddress!)
                let chunks = UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: SIMD8<Float>.self)
                for chunk in 0..<(count * chunksPerRow) { storage.append(Self.narrow(chunks[chunk])) }
            }
        }
        self.storage = storage
    }

    /// Row `row` widened into `target` (`cols` floats).
    func widen(_ row: Int, into target: UnsafeMutablePointer<SIMD8<Float>>) {
        let chunksPerRow = cols / Matrix.lanes
        let base = row * chunksPerRow
        for chunk in 0..<chunksPerRow { target[chunk] = Self.widen(storage[base + chunk]) }
    }

    func row(_ row: Int) -> [Float] {
        var values = [Float](repeating: 0, count: cols)
        values.withUnsafeMutableBufferPointer {
            widen(row, into: UnsafeMutableRawPointer($0.baseAddress!).assumingMemoryBound(to: SIMD8<Float>.self))
        }
        return values
    }

    func isZero(row: Int) -> Bool {
        let chunksPerRow = cols / Matrix.lanes
        return !(0..<chunksPerRow).contains { storage[row * chunksPerRow + $0] & 0x7fff != .zero }
    }

    static func narrow(_ values: SIMD8<Float>) -> SIMD8<UInt16> {
        let bits = unsafeBitCast(values, to: SIMD8<UInt32>.self)
        let sign = (bits &>> 16) & 0x8000
        let magnitude = bits & 0x7fff_ffff
        // Rebias the exponent and round the mantissa to nearest; clamp to the largest half.
        let rebased = (magnitude &- 0x3800_0000 &+ 0x1000) &>> 13
        var half = sign | rebased.replacing(with: 0x7bff, where: magnitude .>= 0x477f_f000)
        half.replace(with: sign, where: magnitude .< 0x3880_0000)
        return SIMD8<UInt16>(truncatingIfNeeded: half)
    }

    static func widen(_ values: SIMD8<UInt16>) -> SIMD8<Float> {
        let half = SIMD8<UInt32>(truncatingIfNeeded: values)
        let sign = (half & 0x8000) &<< 16
        let magnitude = half & 0x7fff
        var bits = sign | ((magnitude &+ 0x1_c000) &<< 13)
        bits.replace(with: sign, where: magnitude .== 0)
        return unsafeBitCast(bits, to: SIMD8<Float>.self)
    }
}
