import Foundation

/// The canonical spelling of a genre, so "Post-Punk", "post punk" and "post_punk" are one genre.
public enum GenreName {
    public static func normalize(_ name: String) -> String {
        let lowered = name.lowercased()
            .replacingOccurrences(of: "&", with: " and ")
            .map { $0 == "-" || $0 == "_" || $0 == "/" ? " " : $0 }
        return String(lowered).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The shorter genres a name ends with ("progressive rock" → "rock"), longest first:
    /// taken as implicit parents when the library knows them.
    static func suffixes(of name: String) -> [String] {
        let words = name.split(separator: " ")
        guard words.count > 1 else { return [] }
        return (1..<words.count).map { words[$0...].joined(separator: " ") }
    }
}
