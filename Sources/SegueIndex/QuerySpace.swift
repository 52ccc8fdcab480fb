/// The index as export holds it: the sound and genre vectors of every track in half
/// precision, with the artists, scored with the model the index was built with.
final class QuerySpace: Sendable {
    let trackIDs: [Int64]
    let sonic: HalfMatrix
    let genre: HalfMatrix
    let artists: ArtistRelations
    let model: ScoreModel
    let hasSonic: [Bool]
    let hasGenre: [Bool]

    /// Unit vectors to compare rows with; nil for a part the probe lacks.
    struct Probe {
        var sonic: [Float]?
        var genre: [Float]?
    }

    init(trackIDs: [Int64], sonic: HalfMatrix, genre: HalfMatrix, artists: ArtistRelations, model: ScoreModel) {
        self.trackIDs = trackIDs
        self.sonic = sonic
        self.genre = genre
        self.artists = artists
        self.model = model
        hasSonic = (0..<sonic.rows).map { !sonic.isZero(row: $0) }
        hasGenre = (0..<genre.rows).map { !genre.isZero(row: $0) }
    }

    var count: Int { trackIDs.count }

    func probe(_ row: Int) -> Probe {
        Probe(sonic: hasSonic[row] ? sonic.row(row) : nil, genre: hasGenre[row] ? genre.row(row) : nil)
    }

    /// The normalized mean of the rows' vectors, part by part.
    func centroid(_ rows: [Int]) -> Probe {
        let probes = rows.map(probe)
        return Probe(sonic: Self.mean(probes.compactMap(\.sonic)), genre: Self.mean(probes.compactMap(\.genre)))
    }

    /// Calls `body(row, sonicCosines, genreCosines)` (one per probe) for every row with something
    /// to compare, each row widened once however many probes look at it.
    func forEachRow(against probes: [Probe], _ body: (Int, _ sonic: [Float?], _ genre: [Float?]) -> Void) {
        var sonicRow = [Float](repeating: 0, count: sonic.cols)
        var genreRow = [Float](repeating: 0, count: genre.cols)
        var sonicCosines = [Float?](repeating: nil, count: probes.count)
        var genreCosines = [Float?](repeating: nil, count: probes.count)
        for row in 0..<count where hasSonic[row] || hasGenre[row] {
            if hasSonic[row] { Self.widen(sonic, row, into: &sonicRow) }
            if hasGenre[row] { Self.widen(genre, row, into: &genreRow) }
            for (index, probe) in probes.enumerated() {
                sonicCosines[index] = hasSonic[row] ? probe.sonic.map { Self.dot($0, sonicRow) } : nil
                genreCosines[index] = hasGenre[row] ? probe.genre.map { Self.dot($0, genreRow) } : nil
            }
            body(row, sonicCosines, genreCosines)
        }
    }

    func breakdown(_ a: Int, _ b: Int) -> SimilarityBreakdown {
        let first = probe(a), second = probe(b)
        return model.breakdown(sonicCosine: Self.cosine(first.sonic, second.sonic),
                               genreCosine: Self.cosine(first.genre, second.genre), match: artists.match(a, b))
    }

    static func cosine(_ a: [Float]?, _ b: [Float]?) -> Float? {
        guard let a, let b else { return nil }
        return dot(a, b)
    }

    static func dot(_ a: [Float], _ b: [Float]) -> Float {
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                Matrix.dot(UnsafeRawPointer(a.baseAddress!).assumingMemoryBound(to: SIMD8<Float>.self),
                           UnsafeRawPointer(b.baseAddress!).assumingMemoryBound(to: SIMD8<Float>.self),
                           count: min(a.count, b.count) / Matrix.lanes)
            }
        }
    }

    private static func widen(_ matrix: HalfMatrix, _ row: Int, into target: inout [Float]) {
        target.withUnsafeMutableBufferPointer {
            matrix.widen(row, into: UnsafeMutableRawPointer($0.baseAddress!).assumingMemoryBound(to: SIMD8<Float>.self))
        }
    }

    private static func mean(_ vectors: [[Float]]) -> [Float]? {
        guard let first = vectors.first else { return nil }
        var sum = [Float](repeating: 0, count: first.count)
        for vector in vectors { for (index, value) in vector.enumerated() { sum[index] += value } }
        let norm = sum.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? sum.map { $0 / norm } : nil
    }
}
