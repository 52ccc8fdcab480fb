import Foundation

/// Builds one message of the worker protocol: a sequence of fields, each a 16-bit tag, a 32-bit
/// length and that many bytes (little-endian), framed on the socket by the message's own 32-bit
/// length. A reader skips tags it does not know and sees an absent field as absent, so a field is
/// added by giving it a new tag on both sides (as the learned embedding will be), the others
/// undisturbed; nothing depends on the fields' order or position.
struct WireWriter {
    /// The frame: its length (patched by `frame`), then the fields.
    private var bytes: [UInt8] = [0, 0, 0, 0]

    mutating func add<Tag: RawRepresentable<UInt16>>(_ tag: Tag, _ value: Int64) {
        field(tag) { withUnsafeBytes(of: value.littleEndian) { Array($0) } }
    }

    mutating func add<Tag: RawRepresentable<UInt16>>(_ tag: Tag, _ value: Double) {
        field(tag) { withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) } }
    }

    mutating func add<Tag: RawRepresentable<UInt16>>(_ tag: Tag, _ value: Bool) {
        field(tag) { [value ? 1 : 0] }
    }

    mutating func add<Tag: RawRepresentable<UInt16>>(_ tag: Tag, _ value: String) {
        field(tag) { Array(value.utf8) }
    }

    /// Float32 values as the database stores them (`FeatureBlob`), bit for bit.
    mutating func add<Tag: RawRepresentable<UInt16>>(_ tag: Tag, _ values: [Float]) {
        field(tag) { Array(FeatureBlob.encode(values)) }
    }

    /// Adds the field only when there is a value: absence is how a reader sees nil.
    mutating func add<Tag: RawRepresentable<UInt16>>(_ tag: Tag, _ value: Double?) {
        if let value { add(tag, value) }
    }

    mutating func add<Tag: RawRepresentable<UInt16>>(_ tag: Tag, _ value: String?) {
        if let value { add(tag, value) }
    }

    /// The message with its length in front, ready to send.
    func frame() -> [UInt8] {
        var framed = bytes
        let length = UInt32(bytes.count - 4).littleEndian
        withUnsafeBytes(of: length) { framed.replaceSubrange(0..<4, with: $0) }
        return framed
    }

    private mutating func field<Tag: RawRepresentable<UInt16>>(_ tag: Tag, _ value: () -> [UInt8]) {
        let payload = value()
        withUnsafeBytes(of: tag.rawValue.littleEndian) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt32(payload.count).littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: payload)
    }
}
