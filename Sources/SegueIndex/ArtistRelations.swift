/// Each indexed track's artist and the similar-artist lists, for the similar-artist boost.
struct ArtistRelations: Sendable {
    /// Per row; -1 without an artist.
    let artistIDs: [Int64]
    /// For each artist, the artists listed as similar and the match in 0...1. Taken as
    /// symmetric: a list on either side counts.
    private let similar: [Int64: [Int64: Float]]
    /// For each artist with similar artists, the rows of its tracks.
    private let rowsByArtist: [Int64: [Int]]

    init(artistIDs: [Int64], similarArtists: [IndexInputs.SimilarArtist]) {
        self.artistIDs = artistIDs
        var lists: [Int64: [Int64: Float]] = [:]
        for pair in similarArtists where pair.artistID != pair.similarID {
            let match = Float(pair.match)
            lists[pair.artistID, default: [:]][pair.similarID] = max(lists[pair.artistID]?[pair.similarID] ?? 0, match)
            lists[pair.similarID, default: [:]][pair.artistID] = max(lists[pair.similarID]?[pair.artistID] ?? 0, match)
        }
        similar = lists
        var byArtist: [Int64: [Int]] = [:]
        if !lists.isEmpty {
            for (row, artist) in artistIDs.enumerated() where artist >= 0 && lists[artist] != nil {
                byArtist[artist, default: []].append(row)
            }
        }
        rowsByArtist = byArtist
    }

    func match(_ a: Int, _ b: Int) -> Float {
        guard !similar.isEmpty else { return 0 }
        let artist = artistIDs[a], other = artistIDs[b]
        guard artist >= 0, other >= 0 else { return 0 }
        return similar[artist]?[other] ?? 0
    }

    /// The rows whose artist is listed as similar to row `a`'s, with the match.
    func boostedRows(for a: Int) -> [(row: Int, match: Float)] {
        guard artistIDs[a] >= 0, let list = similar[artistIDs[a]] else { return [] }
        return list.sorted { $0.key < $1.key }.flatMap { artist, match in
            (rowsByArtist[artist] ?? []).map { (row: $0, match: match) }
        }
    }
}
