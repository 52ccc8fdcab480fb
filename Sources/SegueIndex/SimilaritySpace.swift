/// Tracks as rows of two unit-vector matrices (sound and genre; a zero row where a track has
/// none) plus their artists, and the scoring of any pair. The build searches it exhaustively;
/// export loads it back to answer queries the stored graph cannot.
final class SimilaritySpace: Sendable {
    /// Row order: ascending track id.
    let trackIDs: [Int64]
    let sonic: Matrix
    let genre: Matrix
    /// Per row; -1 without an artist.
    let artistIDs: [Int64]
    let model: ScoreModel
    let hasSonic: [Bool]
    let hasGenre: [Bool]
    /// Rows with neither part (genres unrelated to every axis): never neighbours, and none of their own.
    let unsearchable: [Int]
    /// For each artist, the artists listed as similar and the match in 0...1.
    private let similarArtists: [Int64: [Int64: Float]]
    /// For each artist, the rows of its tracks.
    private let rowsByArtist: [Int64: [Int]]

    init(trackIDs: [Int64], sonic: Matrix, genre: Matrix, artistIDs: [Int64], model: ScoreModel,
         similarArtists: [IndexInputs.SimilarArtist]) {
        self.trackIDs = trackIDs
        self.sonic = sonic
        self.genre = genre
        self.artistIDs = artistIDs
        self.model = model
        hasSonic = (0..<trackIDs.count).map { !sonic.isZero(row: $0) }
        hasGenre = (0..<trackIDs.count).map { !genre.isZero(row: $0) }
        unsearchable = zip(hasSonic, hasGenre).enumerated().filter { !$1.0 && !$1.1 }.map(\.offset)
        var lists: [Int64: [Int64: Float]] = [:]
        if model.artistBoost > 0 {
            for pair in similarArtists where pair.artistID != pair.similarID {
                // Similarity is taken as symmetric: a list on either side counts.
                lists[pair.artistID, default: [:]][pair.similarID] = max(lists[pair.artistID]?[pair.similarID] ?? 0, Float(pair.match))
                lists[pair.similarID, default: [:]][pair.artistID] = max(lists[pair.similarID]?[pair.artistID] ?? 0, Float(pair.match))
            }
        }
        self.similarArtists = lists
        var byArtist: [Int64: [Int]] = [:]
        if !lists.isEmpty {
            for (row, artist) in artistIDs.enumerated() where artist >= 0 {
                byArtist[artist, default: []].append(row)
            }
        }
        rowsByArtist = byArtist
    }

    var count: Int { trackIDs.count }

    /// The row of a track, by binary search over the sorted ids.
    func row(of trackID: Int64) -> Int? {
        var low = 0, high = trackIDs.count
        while low < high {
            let mid = (low + high) / 2
            if trackIDs[mid] < trackID { low = mid + 1 } else { high = mid }
        }
        return low < trackIDs.count && trackIDs[low] == trackID ? low : nil
    }

    func match(_ a: Int, _ b: Int) -> Float {
        let artist = artistIDs[a], other = artistIDs[b]
        guard artist >= 0, other >= 0 else { return 0 }
        return similarArtists[artist]?[other] ?? 0
    }

    /// The rows whose artist is listed as similar to row `a`'s, with the match.
    func boostedRows(for a: Int) -> [(row: Int, match: Float)] {
        guard let list = similarArtists[artistIDs[a]] else { return [] }
        return list.sorted { $0.key < $1.key }.flatMap { artist, match in
            (rowsByArtist[artist] ?? []).map { (row: $0, match: match) }
        }
    }

    func breakdown(_ a: Int, _ b: Int) -> SimilarityBreakdown {
        let sonicCosine = hasSonic[a] && hasSonic[b] ? sonic.dot(a, b) : nil
        let genreCosine = hasGenre[a] && hasGenre[b] ? genre.dot(a, b) : nil
        return model.breakdown(sonicCosine: sonicCosine, genreCosine: genreCosine, match: match(a, b))
    }
}
