/// SplitMix64: a tiny deterministic generator, so a seed always yields the same library.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    /// A generator derived from a seed and a label, so independent parts stay stable when
    /// another part changes.
    public init(seed: UInt64, label: String) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in label.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        state = seed ^ hash
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// A uniform value in -1...1.
    public mutating func nextSignal() -> Float {
        Float(next() >> 40) / Float(1 << 23) - 1
    }

    /// A deterministic version-4-shaped UUID for a label (MusicBrainz IDs of generated tracks).
    public static func uuid(seed: UInt64, label: String) -> String {
        var random = SeededRandom(seed: seed, label: label)
        let high = random.next(), low = random.next()
        let hex = String(format: "%016llx%016llx", high, low)
        let characters = Array(hex)
        func part(_ range: Range<Int>) -> String { String(characters[range]) }
        return "\(part(0..<8))-\(part(8..<12))-4\(part(13..<16))-a\(part(17..<20))-\(part(20..<32))"
    }
}
