import SegueCore

/// Finds the MusicBrainz artist behind a name from the files' tags: a search, kept only
/// where the candidate's name has the same match key and a high score; among namesakes,
/// the one whose release groups share titles with the library's albums of that artist.
struct ArtistResolver {
    /// Least search score for a candidate (MusicBrainz scores 0–100).
    static let minScore = 90
    /// Namesakes whose release groups are browsed to tell them apart.
    static let maxBrowsed = 3

    let client: MusicBrainzClient

    struct Resolution {
        var artist: MusicBrainzClient.Artist
        /// The release groups browsed to decide, if any, for the album pass to reuse.
        var releaseGroups: [MusicBrainzClient.ReleaseGroup]?
    }

    func resolve(name: String, albumTitles: [String]) throws(GenresError) -> Resolution? {
        let candidates = Self.namesakes(of: name, in: try client.searchArtist(name: name))
        if candidates.count <= 1 { return candidates.first.map { Resolution(artist: $0, releaseGroups: nil) } }
        let albumKeys = Set(albumTitles.map(MatchKey.make))
        guard !albumKeys.isEmpty else { return Self.clearWinner(candidates).map { Resolution(artist: $0, releaseGroups: nil) } }
        var best: (shared: Int, resolution: Resolution)?
        var tie = false
        for candidate in candidates.prefix(Self.maxBrowsed) {
            let groups = try client.releaseGroups(artistID: candidate.id) ?? []
            let shared = Set(groups.map { MatchKey.make($0.title) }).intersection(albumKeys).count
            if shared > (best?.shared ?? 0) {
                best = (shared, Resolution(artist: candidate, releaseGroups: groups))
                tie = false
            } else if shared > 0, shared == best?.shared {
                tie = true
            }
        }
        if let best, !tie { return best.resolution }
        return Self.clearWinner(candidates).map { Resolution(artist: $0, releaseGroups: nil) }
    }

    /// Candidates with the name's match key and a high score, best score first.
    static func namesakes(of name: String, in candidates: [MusicBrainzClient.Artist]) -> [MusicBrainzClient.Artist] {
        let key = MatchKey.make(name)
        return candidates.filter { $0.score >= minScore && MatchKey.make($0.name) == key }.sorted { $0.score > $1.score }
    }

    /// The one candidate scoring above all others, or the only one without a disambiguation
    /// comment (MusicBrainz adds one to the lesser-known namesakes); nil when still ambiguous.
    static func clearWinner(_ candidates: [MusicBrainzClient.Artist]) -> MusicBrainzClient.Artist? {
        if candidates.count > 1, candidates[0].score > candidates[1].score { return candidates[0] }
        let plain = candidates.filter { $0.disambiguation.isEmpty }
        return plain.count == 1 ? plain[0] : nil
    }
}
