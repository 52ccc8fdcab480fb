import Foundation

/// A multi-artist credit taken apart: "A & B feat. C" has the main credit "A & B", the
/// members "A" and "B", and the featured artist "C". The full credit is kept as written.
public struct ArtistCredit: Sendable, Equatable {
    public let full: String
    /// The credit before any "feat."/"ft."/"featuring"/"with"/"vs." part.
    public let main: String
    /// The artists after "feat."/"ft."/"featuring"/"with"/"vs.".
    public let featured: [String]
    /// The main credit split on "&", " x ", " and "-less separators (",", "/", ";").
    public let members: [String]

    /// Separators that introduce guests; matched case-insensitively, as whole words.
    static let guestMarkers = [" featuring ", " feat. ", " feat ", " ft. ", " ft ", " with ", " vs. ", " vs "]
    /// Separators between equal members of the main credit.
    static let memberSeparators = [" & ", " x ", " X ", " + ", ", ", " / ", "; ", ";"]

    public init(_ credit: String) {
        full = credit.trimmingWhitespace()
        var mainPart = full
        var guestPart: String?
        let stripped = Self.stripBrackets(full)
        if let (range, _) = Self.firstMarker(in: stripped.text) {
            mainPart = String(stripped.text[..<range.lowerBound])
            guestPart = String(stripped.text[range.upperBound...])
        } else if let bracketed = stripped.bracketed {
            mainPart = stripped.text
            guestPart = bracketed
        }
        main = mainPart.trimmingWhitespace()
        featured = guestPart.map { Self.split($0, on: Self.memberSeparators + [" and "]) } ?? []
        members = Self.split(main, on: Self.memberSeparators)
    }

    /// The artist a track is filed under. A main credit that is itself a known artist
    /// ("Simon & Garfunkel") stays whole; otherwise its first member is the primary artist.
    public func primary(knownArtistKeys: Set<String> = []) -> String {
        if members.count <= 1 || knownArtistKeys.contains(MatchKey.make(main)) {
            return main.isEmpty ? full : main
        }
        return members[0]
    }

    /// Every artist named in the credit: the members, then the guests.
    public var allArtists: [String] {
        members + featured
    }

    // "A (feat. B)" → text "A", bracketed "B".
    private static func stripBrackets(_ text: String) -> (text: String, bracketed: String?) {
        for (open, close) in [("(", ")"), ("[", "]")] {
            guard let start = CreditSearch.range(of: open, in: text, backwards: true),
                  let end = CreditSearch.range(of: close, in: text, from: start.upperBound) else { continue }
            let inside = " " + text[start.upperBound..<end.lowerBound] + " "
            guard let (marker, _) = firstMarker(in: inside), marker.lowerBound == inside.startIndex else { continue }
            let guests = String(inside[marker.upperBound...]).trimmingWhitespace()
            return (String(text[..<start.lowerBound]).trimmingWhitespace(), guests)
        }
        return (text, nil)
    }

    private static func firstMarker(in text: String) -> (Range<String.Index>, String)? {
        guestMarkers.compactMap { marker in
            CreditSearch.range(of: marker, in: text, caseInsensitive: true).map { ($0, marker) }
        }.min { $0.0.lowerBound < $1.0.lowerBound }
    }

    private static func split(_ text: String, on separators: [String]) -> [String] {
        var parts = [text]
        // Most credits hold no separator at all: the parts are only rebuilt for one that is there.
        for separator in separators where parts.contains(where: { CreditSearch.range(of: separator, in: $0) != nil }) {
            parts = parts.flatMap { CreditSearch.components(of: $0, separatedBy: separator) }
        }
        return parts.map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
    }
}
