/// How sonic similarity, genre similarity and the similar-artist boost make one score.
///
/// A missing part counts as "unrelated": sonic 0.5 (cosine 0) and genre 0. A track without
/// genres thus ranks its neighbours by sound alone (the genre part is the same for all), and
/// a candidate without features needs a closer genre match to rank as high as one with both.
struct ScoreModel: Sendable, Equatable {
    var sonicWeight: Float
    var genreWeight: Float
    var artistBoost: Float

    static func sonic(cosine: Float) -> Double {
        Double(min(1, max(0, (1 + cosine) / 2)))
    }

    static func genre(cosine: Float) -> Double {
        Double(min(1, max(0, cosine)))
    }

    /// Factors that turn unit sonic and genre vectors into one vector whose dot products, plus
    /// the constant `sonicWeight / 2` (what cosine 0 carries), are the scores without boost:
    /// ranking by them is ranking by score.
    var sonicScale: Float { (sonicWeight / 2).squareRoot() }
    var genreScale: Float { genreWeight.squareRoot() }

    /// `breakdown(…).score`, without building the breakdown.
    @inline(__always)
    func score(sonicCosine: Float?, genreCosine: Float?, match: Float) -> Float {
        let sonic = sonicCosine.map { min(1, max(0, (1 + $0) / 2)) } ?? 0.5
        let genre = genreCosine.map { min(1, max(0, $0)) } ?? 0
        return sonicWeight * sonic + genreWeight * genre + artistBoost * match
    }

    func breakdown(sonicCosine: Float?, genreCosine: Float?, match: Float) -> SimilarityBreakdown {
        let sonic = sonicCosine.map(Self.sonic(cosine:))
        let genre = genreCosine.map(Self.genre(cosine:))
        let boost = Double(artistBoost * match)
        let score = Double(sonicWeight) * (sonic ?? 0.5) + Double(genreWeight) * (genre ?? 0) + boost
        return SimilarityBreakdown(score: score, sonic: sonic, genre: genre, artistBoost: boost)
    }
}
