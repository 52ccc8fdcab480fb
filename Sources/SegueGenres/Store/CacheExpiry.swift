import Foundation

/// When a cached result goes stale: `days` after its fetch, spread ±20% per entity by a
/// hash of its identity, so a library fetched in one night does not all expire in one night.
public struct CacheExpiry: Sendable {
    public let days: Int

    public init(days: Int) {
        self.days = days
    }

    public func expiry(fetchedAt: Date, source: String, kind: String, entityID: Int64) -> Date {
        let spread = 0.8 + 0.4 * Self.unitHash("\(source)/\(kind)/\(entityID)")
        return fetchedAt.addingTimeInterval(Double(days) * 86_400 * spread)
    }

    /// FNV-1a, mixed by SplitMix64's finalizer (FNV alone leaves the high bits of similar
    /// keys alike), mapped to 0..<1: the same identity always gets the same share.
    static func unitHash(_ text: String) -> Double {
        var hash: UInt64 = 1_469_598_103_934_665_603
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211 }
        hash = (hash ^ (hash >> 30)) &* 0xBF58_476D_1CE4_E5B9
        hash = (hash ^ (hash >> 27)) &* 0x94D0_49BB_1331_11EB
        hash ^= hash >> 31
        return Double(hash >> 11) / Double(1 << 53)
    }
}
