import Foundation
import SegueCore

/// What the generators of test libraries and synthetic databases draw from `SplitMix64`.
extension SplitMix64 {
    /// A generator derived from a seed and a label, so independent parts stay stable when
    /// another part changes.
    public init(seed: UInt64, label: String) {
        self.init(seed: seed ^ Self.fnv1a(label))
    }

    /// A uniform value in -1...1.
    public mutating func nextSignal() -> Float {
        Float(next() >> 40) / Float(1 << 23) - 1
    }

    /// A standard normal value (Box–Muller).
    public mutating func normal() -> Double {
        let u = Double.random(in: Double.ulpOfOne..<1, using: &self)
        let v = Double.random(in: 0..<1, using: &self)
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }

    public mutating func chance(_ probability: Double) -> Bool {
        Double.random(in: 0..<1, using: &self) < probability
    }

    /// A deterministic version-4-shaped UUID for a label (MusicBrainz IDs of generated tracks).
    public static func uuid(seed: UInt64, label: String) -> String {
        var random = SplitMix64(seed: seed, label: label)
        let high = random.next(), low = random.next()
        let hex = String(format: "%016llx%016llx", high, low)
        let characters = Array(hex)
        func part(_ range: Range<Int>) -> String { String(characters[range]) }
        return "\(part(0..<8))-\(part(8..<12))-4\(part(13..<16))-a\(part(17..<20))-\(part(20..<32))"
    }
}
