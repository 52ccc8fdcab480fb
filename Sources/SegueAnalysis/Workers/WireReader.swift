import Foundation

/// Reads one message of the worker protocol (see `WireWriter`): the fields by tag, unknown
/// tags ignored; a required field that is absent or of the wrong size is a `WireError`.
struct WireReader {
    private let bytes: [UInt8]
    /// Where each tag's values lie in `bytes`, in the order they came (a tag may repeat).
    private var fields: [UInt16: [Range<Int>]] = [:]

    init(payload: [UInt8]) throws(WireError) {
        bytes = payload
        var offset = 0
        while offset < payload.count {
            guard payload.count - offset >= 6 else { throw .malformed("a field header runs past the message") }
            let tag = Self.integer(UInt16.self, payload, at: offset)
            let length = Int(Self.integer(UInt32.self, payload, at: offset + 2))
            let start = offset + 6
            guard length <= payload.count - start else { throw .malformed("field \(tag) runs past the message") }
            fields[tag, default: []].append(start..<start + length)
            offset = start + length
        }
    }

    func int<Tag: RawRepresentable<UInt16>>(_ tag: Tag) throws(WireError) -> Int64 {
        try required(tag, optionalInt(tag))
    }

    func optionalInt<Tag: RawRepresentable<UInt16>>(_ tag: Tag) throws(WireError) -> Int64? {
        try fixed(tag, size: 8).map { Int64(bitPattern: Self.integer(UInt64.self, bytes, at: $0)) }
    }

    func double<Tag: RawRepresentable<UInt16>>(_ tag: Tag) throws(WireError) -> Double {
        try required(tag, optionalDouble(tag))
    }

    func optionalDouble<Tag: RawRepresentable<UInt16>>(_ tag: Tag) throws(WireError) -> Double? {
        try fixed(tag, size: 8).map { Double(bitPattern: Self.integer(UInt64.self, bytes, at: $0)) }
    }

    func bool<Tag: RawRepresentable<UInt16>>(_ tag: Tag) throws(WireError) -> Bool {
        try required(tag, fixed(tag, size: 1).map { bytes[$0] != 0 })
    }

    func string<Tag: RawRepresentable<UInt16>>(_ tag: Tag) throws(WireError) -> String {
        try required(tag, optionalString(tag))
    }

    func optionalString<Tag: RawRepresentable<UInt16>>(_ tag: Tag) -> String? {
        fields[tag.rawValue]?.first.map { String(decoding: bytes[$0], as: UTF8.self) }
    }

    func floats<Tag: RawRepresentable<UInt16>>(_ tag: Tag) throws(WireError) -> [Float] {
        try required(tag, allFloats(tag).first)
    }

    /// Every value of a repeated tag, in the order written.
    func allFloats<Tag: RawRepresentable<UInt16>>(_ tag: Tag) throws(WireError) -> [[Float]] {
        try (fields[tag.rawValue] ?? []).map { range throws(WireError) in
            guard range.count % 4 == 0 else { throw .malformed("field \(tag.rawValue) is not whole Float32 values") }
            return FeatureBlob.decode(Data(bytes[range]))
        }
    }

    private func fixed<Tag: RawRepresentable<UInt16>>(_ tag: Tag, size: Int) throws(WireError) -> Int? {
        guard let range = fields[tag.rawValue]?.first else { return nil }
        guard range.count == size else { throw .malformed("field \(tag.rawValue) has \(range.count) bytes, not \(size)") }
        return range.lowerBound
    }

    private func required<Tag: RawRepresentable<UInt16>, Value>(_ tag: Tag, _ value: Value?) throws(WireError) -> Value {
        guard let value else { throw .malformed("field \(tag.rawValue) is missing") }
        return value
    }

    static func integer<Value: FixedWidthInteger>(_ type: Value.Type, _ bytes: [UInt8], at offset: Int) -> Value {
        var value = Value.zero
        for index in (0..<MemoryLayout<Value>.size).reversed() {
            value = value << 8 | Value(bytes[offset + index])
        }
        return value
    }
}
