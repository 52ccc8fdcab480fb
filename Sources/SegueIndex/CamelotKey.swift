import Foundation

/// A key on the Camelot wheel (the circle of fifths as DJs use it): numbers 1–12 around the
/// circle, `A` for minor and `B` for major, so 8A (A minor) sits next to 7A, 9A and 8B.
public struct CamelotKey: Sendable, Equatable, CustomStringConvertible {
    /// 1...12.
    public var number: Int
    public var isMajor: Bool

    public var description: String { "\(number)\(isMajor ? "B" : "A")" }

    /// From a pitch class name ("C", "F#", "Bb", "C♯") and a mode ("major"/"minor"); a
    /// trailing "m" or "minor" in the name counts as minor. Nil when it cannot be read.
    public init?(key: String?, mode: String?) {
        guard var name = key?.trimmingCharacters(in: .whitespaces), !name.isEmpty else { return nil }
        var minor = mode?.lowercased().hasPrefix("min") ?? false
        for suffix in [" minor", "minor", " min", "min", "m"] where name.lowercased().hasSuffix(suffix) && name.count > suffix.count {
            minor = true
            name = String(name.dropLast(suffix.count))
            break
        }
        for suffix in [" major", "major", " maj", "maj"] where name.lowercased().hasSuffix(suffix) && name.count > suffix.count {
            name = String(name.dropLast(suffix.count))
            break
        }
        let letters: [Character: Int] = ["C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11]
        guard let first = name.first.map({ Character($0.uppercased()) }), var pitch = letters[first] else { return nil }
        for accidental in name.dropFirst() {
            switch accidental {
            case "#", "♯": pitch += 1
            case "b", "♭": pitch -= 1
            default: return nil
            }
        }
        pitch = ((pitch % 12) + 12) % 12
        // A minor key shares its place with the relative major, three semitones up.
        let major = minor ? (pitch + 3) % 12 : pitch
        number = ((7 * major) % 12 + 7) % 12 + 1
        isMajor = !minor
    }

    public init(number: Int, isMajor: Bool) {
        self.number = number
        self.isMajor = isMajor
    }

    /// Steps around the wheel (0...6).
    public func steps(to other: CamelotKey) -> Int {
        let difference = abs(number - other.number) % 12
        return min(difference, 12 - difference)
    }

    /// How well a mix from this key into `other` sounds, in 0...1: same key 1, a neighbour on
    /// the wheel or the relative major/minor 0.8, falling off with each further step.
    public func compatibility(with other: CamelotKey) -> Double {
        let cost = steps(to: other) + (isMajor == other.isMajor ? 0 : 1)
        let scores = [1.0, 0.8, 0.5, 0.3, 0.15, 0.05]
        return cost < scores.count ? scores[cost] : 0
    }
}
