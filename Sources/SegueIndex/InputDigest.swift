import Foundation

/// A 128-bit fingerprint of everything an index is built from, to tell "nothing changed"
/// in well under a second. Two independent 64-bit multiply-xor lanes; not cryptographic,
/// only a change detector.
struct InputDigest {
    private(set) var lanes: (UInt64, UInt64) = (0xcbf2_9ce4_8422_2325, 0x9e37_79b9_7f4a_7c15)

    mutating func add(_ value: UInt64) {
        lanes.0 = (lanes.0 ^ value) &* 0x0000_0100_0000_01b3
        lanes.1 = (lanes.1 ^ (value &+ 0x632b_e59b_d9b4_e019)) &* 0xff51_afd7_ed55_8ccd
        lanes.1 ^= lanes.1 >> 29
    }

    mutating func add(_ value: Int64) { add(UInt64(bitPattern: value)) }
    mutating func add(_ value: Int) { add(UInt64(bitPattern: Int64(value))) }
    mutating func add(_ value: Double) { add(value.bitPattern) }
    mutating func add(_ value: Float) { add(UInt64(value.bitPattern)) }

    mutating func add(_ value: Double?) {
        if let value { add(value) } else { add(UInt64.max) }
    }

    mutating func add(_ text: String) {
        add(text.utf8.count)
        var word: UInt64 = 0
        for (index, byte) in text.utf8.enumerated() {
            word = word << 8 | UInt64(byte)
            if index % 8 == 7 { add(word); word = 0 }
        }
        add(word)
    }

    mutating func add(_ text: String?) {
        if let text { add(text) } else { add(UInt64.max - 1) }
    }

    mutating func add(_ values: [Float]) {
        add(values.count)
        for value in values { add(UInt64(value.bitPattern)) }
    }

    var hex: String {
        String(format: "%016llx%016llx", lanes.0, lanes.1)
    }
}
