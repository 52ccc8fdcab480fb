import SegueCore

extension SplitMix64 {
    /// The seed of one playlist on one night: stable across runs and machines.
    public static func seed(night: String, playlist: String) -> UInt64 {
        mix(fnv1a(night), fnv1a(playlist))
    }

    /// A replay seed given with `--seed`, kept distinct per playlist.
    public static func seed(base: UInt64, playlist: String) -> UInt64 {
        mix(base, fnv1a(playlist))
    }

    private static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var generator = SplitMix64(seed: a ^ (b &* 0x9E37_79B9_7F4A_7C15))
        return generator.next()
    }
}
