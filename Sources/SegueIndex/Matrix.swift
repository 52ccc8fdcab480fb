import Foundation

/// A dense row-major Float32 matrix in one 64-byte aligned buffer, rows padded to a multiple
/// of 8 columns so the similarity kernels can read whole `SIMD8<Float>` chunks.
///
/// Written once while it is built, then only read (shared across threads).
public final class Matrix: @unchecked Sendable {
    public let rows: Int
    /// Columns actually stored per row (a multiple of 8).
    public let cols: Int
    let storage: UnsafeMutablePointer<Float>

    public static let lanes = 8

    public static func paddedWidth(_ width: Int) -> Int {
        max(lanes, (width + lanes - 1) / lanes * lanes)
    }

    /// A zero matrix with at least `minimumCols` columns.
    public init(rows: Int, minimumCols: Int) {
        self.rows = rows
        cols = Self.paddedWidth(minimumCols)
        let count = max(1, rows * cols)
        let raw = UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<Float>.stride, alignment: 64)
        storage = raw.initializeMemory(as: Float.self, repeating: 0, count: count)
    }

    deinit {
        storage.deallocate()
    }

    /// A copy of the first `count` rows.
    func prefix(rows count: Int) -> Matrix {
        let copy = Matrix(rows: count, minimumCols: cols)
        copy.storage.update(from: storage, count: count * cols)
        return copy
    }

    public subscript(row: Int, col: Int) -> Float {
        get { storage[row * cols + col] }
        set { storage[row * cols + col] = newValue }
    }

    public func row(_ index: Int) -> UnsafeMutableBufferPointer<Float> {
        UnsafeMutableBufferPointer(start: storage + index * cols, count: cols)
    }

    /// Row `index` as whole SIMD chunks.
    func chunks(_ index: Int) -> UnsafePointer<SIMD8<Float>> {
        UnsafeRawPointer(storage + index * cols).assumingMemoryBound(to: SIMD8<Float>.self)
    }

    public func dot(_ a: Int, _ b: Int) -> Float {
        Self.dot(chunks(a), chunks(b), count: cols / Self.lanes)
    }

    public func isZero(row index: Int) -> Bool {
        !row(index).contains { $0 != 0 }
    }

    /// Scales a row to unit length; returns false (and leaves zeros) when it has none.
    @discardableResult
    public func normalize(row index: Int) -> Bool {
        let norm = dot(index, index).squareRoot()
        guard norm > 0, norm.isFinite else {
            row(index).update(repeating: 0)
            return false
        }
        let scale = 1 / norm
        for col in 0..<cols { storage[index * cols + col] *= scale }
        return true
    }

    @inline(__always)
    static func dot(_ a: UnsafePointer<SIMD8<Float>>, _ b: UnsafePointer<SIMD8<Float>>, count: Int) -> Float {
        var sum = SIMD8<Float>()
        for chunk in 0..<count { sum += a[chunk] * b[chunk] }
        return sum.sum()
    }

    // MARK: Blobs

    /// Decodes a little-endian Float32 blob such as `sonic_features.vector`.
    public static func floats(fromBlob blob: Data) -> [Float] {
        blob.withUnsafeBytes { bytes in
            (0..<(bytes.count / 4)).map {
                Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)))
            }
        }
    }

    public static func blob(fromFloats values: [Float]) -> Data {
        var data = Data(count: values.count * 4)
        data.withUnsafeMutableBytes { bytes in
            for (index, value) in values.enumerated() {
                bytes.storeBytes(of: value.bitPattern.littleEndian, toByteOffset: index * 4, as: UInt32.self)
            }
        }
        return data
    }

    public static func blob(fromInts values: [Int64]) -> Data {
        var data = Data(count: values.count * 8)
        data.withUnsafeMutableBytes { bytes in
            for (index, value) in values.enumerated() {
                bytes.storeBytes(of: value.littleEndian, toByteOffset: index * 8, as: Int64.self)
            }
        }
        return data
    }

    public static func ints(fromBlob blob: Data) -> [Int64] {
        blob.withUnsafeBytes { bytes in
            (0..<(bytes.count / 8)).map { Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: $0 * 8, as: Int64.self)) }
        }
    }
}
