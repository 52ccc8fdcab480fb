/// One line saying what a playlist is, for the comment players show beside it.
public enum PlaylistPurpose {
    /// `Segue, night 2026-11-29: grown from Radiohead and Portishead, ordered for smooth transitions`.
    public static func comment(_ result: PlaylistResult, night: String) -> String {
        "Segue, night \(night): \(line(result)), ordered for smooth transitions"
    }

    static func line(_ result: PlaylistResult) -> String {
        let seeds = seedArtists(result)
        let from = seeds.isEmpty ? "" : " from " + list(seeds)
        switch result.spec.kind {
        case .defined:
            if !result.spec.seedGenres.isEmpty, seeds.isEmpty { return "grown from " + list(result.spec.seedGenres) }
            return "grown" + (from.isEmpty ? " from your seeds" : from)
        case .history:
            return "grown\(from), among your most played lately"
        case .mix:
            return "one corner of your library, tracks that sound alike"
        case .adhoc:
            return "grown\(from) on request"
        }
    }

    private static func seedArtists(_ result: PlaylistResult) -> [String] {
        var seen: Set<String> = []
        return result.entries.filter { $0.reason == .seed }.map(\.track.artist).filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    private static func list(_ names: [String]) -> String {
        let shown = Array(names.prefix(3))
        guard shown.count > 1 else { return shown.first ?? "" }
        return shown.dropLast().joined(separator: ", ") + " and " + shown.last!
    }
}
