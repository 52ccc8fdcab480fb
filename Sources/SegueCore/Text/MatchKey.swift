import Foundation

/// Normalized keys for matching names across tags, services and listening history:
/// case and diacritics folded, "&"/"+" read as "and", punctuation dropped, and a leading or
/// trailing article moved away, so "The Beatles", "Beatles, The" and "the beatles" agree,
/// and so do "Beyoncé" and "Beyonce", "Simon & Garfunkel" and "Simon and Garfunkel".
public enum MatchKey {
    /// The key of an artist, album or title.
    public static func make(_ text: String) -> String {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        var words: [String] = []
        var current = ""
        func flush() {
            if !current.isEmpty { words.append(current); current = "" }
        }
        for scalar in folded.unicodeScalars {
            if scalar == "&" || scalar == "+" {
                flush()
                words.append("and")
            } else if CharacterSet.alphanumerics.contains(scalar) {
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
        } else if words.count > 1, words.last == "the", text.contains(",") {
            words.removeLast()
        }
        return words.joined(separator: " ")
    }
}
