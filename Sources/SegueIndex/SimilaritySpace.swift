/// Tracks as rows of two unit-vector matrices (sound and genre; a zero row where a track has
/// none) plus their artists, and the scoring of any pair, as the build searches it.
final class SimilaritySpace: Sendable {
    /// Row order: ascending track id.
    let trackIDs: [Int64]
    let sonic: Matrix
    let genre: Matrix
    let artists: ArtistRelations
    let model: ScoreModel
    let hasSonic: [Bool]
    let hasGenre: [Bool]
    /// Rows with neither part (genres unrelated to every axis): never neighbours, and none of their own.
    let unsearchable: [Int]

    init(trackIDs: [Int64], sonic: Matrix, genre: Matrix, artists: ArtistRelations, model: ScoreModel) {
        self.trackIDs = trackIDs
        self.sonic = sonic
        self.genre = genre
        self.artists = artists
        self.model = model
        hasSonic = (0..<trackIDs.count).map { !sonic.isZero(row: $0) }
        hasGenre = (0..<trackIDs.count).map { !genre.isZero(row: $0) }
        unsearchable = zip(hasSonic, hasGenre).enumerated().filter { !$1.0 && !$1.1 }.map(\.offset)
    }

    var count: Int { trackIDs.count }

    func row(of trackID: Int64) -> Int? {
        trackIDs.sortedIndex(of: trackID)
    }

    /// What the searches rank by (the score without its constant and boost, see `BlockScorer`).
    func rankingScore(_ a: Int, _ b: Int) -> Float {
        model.sonicWeight / 2 * sonic.dot(a, b) + model.genreWeight * genre.dot(a, b)
    }

    func breakdown(_ a: Int, _ b: Int) -> SimilarityBreakdown {
        let sonicCosine = hasSonic[a] && hasSonic[b] ? sonic.dot(a, b) : nil
        let genreCosine = hasGenre[a] && hasGenre[b] ? genre.dot(a, b) : nil
        return model.breakdown(sonicCosine: sonicCosine, genreCosine: genreCosine, match: artists.match(a, b))
    }
}
