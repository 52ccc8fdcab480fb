import Foundation

/// Feature vectors as stored: little-endian Float32, one after the other (DESIGN.md).
public enum FeatureBlob {
    public static func encode(_ values: [Float]) -> Data {
        var data = Data(capacity: values.count * 4)
        for value in values {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) }
        }
        return data
    }

    /// Concatenates several vectors (the begin, middle and end segments).
    public static func encode(_ vectors: [[Float]]) -> Data {
        encode(vectors.flatMap { $0 })
    }

    public static func decode(_ data: Data) -> [Float] {
        stride(from: 0, to: data.count - data.count % 4, by: 4).map { offset in
            let bits = data[data.startIndex + offset..<data.startIndex + offset + 4]
                .reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            return Float(bitPattern: bits)
        }
    }
}
