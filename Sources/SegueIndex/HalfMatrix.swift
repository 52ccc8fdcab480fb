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
    private let storage: [UInt16]

    /// Reads a stored Float32 matrix in slices, so the full-precision copy never exists whole.
    init(_ blob: MatrixBlob) throws {
        let rows = blob.rows, cols = blob.cols
        self.rows = rows
        self.cols = cols
        let sliceRows = max(1, 4096 / cols)
        var storage = [UInt16](repeating: 0, count: rows * cols)
        var slice = [Float](repeating: 0, count: sliceRows * cols)
        try storage.withUnsafeMutableBufferPointer { target in
            try slice.withUnsafeMutableBufferPointer { buffer in
                for first in stride(from: 0, to: rows, by: sliceRows) {
                    let count = min(sliceRows, rows - first) * cols
                    try blob.read(from: first * cols, count: count, into: buffer.baseAddress!)
                    Self.narrow(buffer.baseAddress!, into: target.baseAddress! + first * cols, count: count)
                }
            }
        }
        self.storage = storage
    }

    /// Row `row` widened into `target` (`cols` floats).
    func widen(_ row: Int, into target: UnsafeMutablePointer<Float>) {
        storage.withUnsafeBufferPointer { Self.widen($0.baseAddress! + row * cols, into: target, count: cols) }
    }

    func row(_ row: Int) -> [Float] {
        var values = [Float](repeating: 0, count: cols)
        values.withUnsafeMutableBufferPointer { widen(row, into: $0.baseAddress!) }
        return values
    }

    func isZero(row: Int) -> Bool {
        !storage[(row * cols)..<((row + 1) * cols)].contains { $0 & 0x7fff != 0 }
    }

    // Plain loops over contiguous memory: the compiler vectorizes them.

    static func narrow(_ source: UnsafePointer<Float>, into target: UnsafeMutablePointer<UInt16>, count: Int) {
        for index in 0..<count {
            let bits = source[index].bitPattern
            let sign = (bits >> 16) & 0x8000
            let magnitude = bits & 0x7fff_ffff
            // Rebias the exponent and round the mantissa to nearest; clamp to the largest half.
            let rebased = magnitude >= 0x477f_f000 ? 0x7bff : (magnitude &- 0x3800_0000 &+ 0x1000) >> 13
            target[index] = UInt16(truncatingIfNeeded: magnitude < 0x3880_0000 ? sign : sign | rebased)
        }
    }

    static func widen(_ source: UnsafePointer<UInt16>, into target: UnsafeMutablePointer<Float>, count: Int) {
        for index in 0..<count {
            let half = UInt32(source[index])
            let sign = (half & 0x8000) << 16
            let magnitude = half & 0x7fff
            target[index] = Float(bitPattern: magnitude == 0 ? sign : sign | ((magnitude &+ 0x1_c000) << 13))
        }
    }
}
