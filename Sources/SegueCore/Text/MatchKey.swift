import Foundation

/// Normalized keys for matching names across tags, services and listening history:
/// case and diacritics folded, "&"/"+" read as "and", punctuation dropped, and a leading or
/// trailing article moved away, so "The Beatles", "Beatles, The" and "the beatles" agree,
/// and so do "Beyoncé" and "Beyonce", "Simon & Garfunkel" and "Simon and Garfunkel".
public enum MatchKey {
    /// The key of an artist, album or title.
    public static func make(_ text: String) -> String {
        // Most names are ASCII, which needs no Unicode folding: the same key, several times faster.
        let folded = text.utf8.allSatisfy { $0 < 0x80 } ? text.lowercased()
            : text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        return key(ofFolded: folded, hadComma: text.contains(","))
    }

    /// The ASCII part of `CharacterSet.alphanumerics`.
    private static let asciiAlphanumerics: Set<UInt32> = Set((0x30...0x39).map(UInt32.init) + (0x41...0x5A).map(UInt32.init)
                                                              + (0x61...0x7A).map(UInt32.init))

    private static func key(ofFolded folded: String, hadComma: Bool) -> String {
        var words: [String] = []
        var current = ""
        func flush() {
            if !current.isEmpty { words.append(current); current = "" }
        }
        for scalar in folded.unicodeScalars {
            if scalar == "&" || scalar == "+" {
                flush()
                words.append("and")
            } else if scalar.isASCII ? Self.asciiAlphanumerics.contains(scalar.value) : CharacterSet.alphanumerics.contains(scalar) {
                current.unicodeScalars.append(scalar)
            } else if scalar == "'" || scalar == "’" || scalar == "." {
                // "Guns N' Roses", "R.E.M." and "Mr. Bungle" keep their words together.
                continue
            } else {
                flush()
            }
        }
        flush()
        if words.count > 1, words.first == "the", words != ["the", "the"] {
            words.removeFirst()
        } else if words.count > 1, words.last == "the", hadComma {
            words.removeLast()
        }
        return words.joined(separator: " ")
    }
}
