/// SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators",
/// OOPSLA 2014): a tiny generator whose whole state is one seed, so a night's playlist can be
/// replayed from the seed printed with it. Swift's own generator cannot be seeded.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform value in 0..<1 from the top 53 bits.
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// The seed of one playlist on one night: stable across runs and machines (FNV-1a, not
    /// Swift's per-process randomized `Hasher`).
    public static func seed(night: String, playlist: String) -> UInt64 {
        mix(fnv1a(night), fnv1a(playlist))
    }

    /// A replay seed given with `--seed`, kept distinct per playlist.
    public static func seed(base: UInt64, playlist: String) -> UInt64 {
        mix(base, fnv1a(playlist))
    }

    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3
        }
        return hash
    }

    private static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var generator = SplitMix64(seed: a ^ (b &* 0x9E37_79B9_7F4A_7C15))
        return generator.next()
    }
}
