import Foundation

/// A track title with its version markers taken off: "Song (2011 Remaster)",
/// "Song - Live at Leeds", "Song [Demo]", "Song (feat. X)" and "Song - Radio Edit" all have
/// the base "Song", so playlists can tell versions of one song from different songs.
public struct TitleVersion: Sendable, Equatable {
    public enum Marker: String, Sendable, CaseIterable {
        case remaster, live, demo, radioEdit = "radio edit", mono, stereo, featuring, year, version, mix, acoustic, instrumental
    }

    /// The title without version markers, as written.
    public let base: String
    /// `MatchKey` of the base title: equal keys mean the same song.
    public let key: String
    public let markers: Set<Marker>

    public init(_ title: String) {
        var text = title.first?.isWhitespace == true || title.last?.isWhitespace == true ? title.trimmingCharacters(in: .whitespaces) : title
        var found: Set<Marker> = []
        // Peel bracketed and dash-separated suffixes from the end, as long as they are versions.
        while let (suffixStart, suffix) = Self.lastSuffix(of: text) {
            let markers = Self.markers(in: suffix)
            guard !markers.isEmpty else { break }
            found.formUnion(markers)
            text = String(text[..<suffixStart]).trimmingCharacters(in: .whitespaces)
        }
        base = text.isEmpty ? title : text
        key = MatchKey.make(base)
        markers = found
    }

    private static func lastSuffix(of text: String) -> (String.Index, String)? {
        if let last = text.last, last == ")" || last == "]" {
            let open: Character = last == ")" ? "(" : "["
            guard let start = text.lastIndex(of: open), start > text.startIndex else { return nil }
            return (start, String(text[text.index(after: start)..<text.index(before: text.endIndex)]))
        }
        // Most titles have no " - " at all: a byte scan says so without Foundation's search.
        guard Self.hasSpacedDash(text) else { return nil }
        if let dash = text.range(of: " - ", options: .backwards), dash.lowerBound > text.startIndex {
            return (dash.lowerBound, String(text[dash.upperBound...]))
        }
        return nil
    }

    private static func hasSpacedDash(_ text: String) -> Bool {
        var previous: (UInt8, UInt8) = (0, 0)
        for byte in text.utf8 {
            if previous == (0x20, 0x2D), byte == 0x20 { return true }
            previous = (previous.1, byte)
        }
        return false
    }

    private static let patterns: [(Marker, [String])] = [
        (.remaster, ["remaster", "remastered"]),
        (.live, ["live"]),
        (.demo, ["demo"]),
        (.radioEdit, ["radio edit", "single edit", "edit", "radio version"]),
        (.mono, ["mono"]),
        (.stereo, ["stereo"]),
        (.featuring, ["feat", "feat.", "ft", "ft.", "featuring"]),
        (.version, ["version", "take", "alternate"]),
        (.mix, ["mix", "remix"]),
        (.acoustic, ["acoustic", "unplugged"]),
        (.instrumental, ["instrumental"]),
    ]

    private static func markers(in suffix: String) -> Set<Marker> {
        let words = suffix.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "." })
            .map(String.init)
        let joined = " " + words.joined(separator: " ") + " "
        var found: Set<Marker> = []
        for (marker, spellings) in patterns where spellings.contains(where: { joined.contains(" \($0) ") }) {
            found.insert(marker)
        }
        if words.contains(where: { $0.count == 4 && Int($0).map { (1900...2099).contains($0) } == true }) {
            found.insert(.year)
        }
        // A bare year ("Song (1999)") is a version; a year inside other words needs a marker beside it.
        if found == [.year], words.count > 1 { return [] }
        return found
    }
}
