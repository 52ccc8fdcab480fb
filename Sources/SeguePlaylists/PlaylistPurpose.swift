import SegueCore

/// One line saying what a playlist is, for the comment players show beside it.
///
/// It says what the playlist is for and nothing that moves from night to night (no date, no
/// count, no artist that merely happened to be drawn tonight), so a player is sent a new
/// comment only when the playlist's purpose changed; the night is in export's summary line,
/// and the player shows when the playlist last changed.
public enum PlaylistPurpose {
    /// `Segue: grown from Portishead and Radiohead, ordered for smooth transitions`.
    public static func comment(_ result: PlaylistResult) -> String {
        "Segue: \(line(result)), ordered for smooth transitions"
    }

    static func line(_ result: PlaylistResult) -> String {
        let named = seedArtists(result) + result.spec.seedGenres
        let from = named.isEmpty ? "" : " from " + list(named)
        switch result.spec.kind {
        case .defined:
            return "grown" + (from.isEmpty ? " from your seeds" : from)
        case .history:
            return "grown\(from), among your most played lately"
        case .mix:
            return "one corner of your library, tracks that sound alike"
        case .adhoc:
            return "grown\(from) on request"
        }
    }

    /// The artists the playlist was asked to grow from, each once, in a fixed order, so the
    /// same whatever tonight's tracks are.
    private static func seedArtists(_ result: PlaylistResult) -> [String] {
        var seen: Set<String> = []
        return result.spec.seedArtistNames.filter { !$0.isEmpty && seen.insert($0.lowercased()).inserted }.sorted()
    }

    private static func list(_ names: [String]) -> String {
        let shown = Array(names.prefix(3))
        guard shown.count > 1 else { return shown.first ?? "" }
        return shown.dropLast().joined(separator: ", ") + " and " + shown.last!
    }
}
