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

    /// Calls `body(row, sonicCosines, genreCosines)` (one per probe, NaN where either side lacks
    /// the part) for every row with something to compare, each row widened once however many
    /// probes look at it.
    func forEachRow(against probes: [Probe],
                    _ body: (Int, _ sonic: UnsafeBufferPointer<Float>, _ genre: UnsafeBufferPointer<Float>) -> Void) {
        let sonicProbes = Self.pack(probes.map(\.sonic), width: sonic.cols)
        let genreProbes = Self.pack(probes.map(\.genre), width: genre.cols)
        let sonicRow = Matrix(rows: 1, minimumCols: sonic.cols), genreRow = Matrix(rows: 1, minimumCols: genre.cols)
        var sonicCosines = [Float](repeating: .nan, count: probes.count)
        var genreCosines = [Float](repeating: .nan, count: probes.count)
        for row in 0..<count where hasSonic[row] || hasGenre[row] {
            Self.cosines(hasSonic[row] ? sonic : nil, row, buffer: sonicRow, probes: sonicProbes, into: &sonicCosines)
            Self.cosines(hasGenre[row] ? genre : nil, row, buffer: genreRow, probes: genreProbes, into: &genreCosines)
            sonicCosines.withUnsafeBufferPointer { sonic in
                genreCosines.withUnsafeBufferPointer { genre in body(row, sonic, genre) }
            }
        }
    }

    /// Probes as rows of one matrix; a probe without the part gets no row (-1 in `rows`).
    private static func pack(_ vectors: [[Float]?], width: Int) -> (matrix: Matrix, rows: [Int]) {
        let present = vectors.compactMap { $0 }
        let matrix = Matrix(rows: max(1, present.count), minimumCols: width)
        var rows: [Int] = []
        var next = 0
        for vector in vectors {
            guard let vector else { rows.append(-1); continue }
            for (col, value) in vector.enumerated() where col < matrix.cols { matrix[next, col] = value }
            rows.append(next)
            next += 1
        }
        return (matrix, rows)
    }

    private static func cosines(_ source: HalfMatrix?, _ row: Int, buffer: Matrix,
                                probes: (matrix: Matrix, rows: [Int]), into cosines: inout [Float]) {
        guard let source else {
            for index in cosines.indices { cosines[index] = .nan }
            return
        }
        source.widen(row, into: buffer.storage)
        let chunks = source.cols / Matrix.lanes
        for (index, probe) in probes.rows.enumerated() {
            cosines[index] = probe < 0 ? .nan : Matrix.dot(probes.matrix.chunks(probe), buffer.chunks(0), count: chunks)
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


    private static func mean(_ vectors: [[Float]]) -> [Float]? {
        guard let first = vectors.first else { return nil }
        var sum = [Float](repeating: 0, count: first.count)
        for vector in vectors { for (index, value) in vector.enumerated() { sum[index] += value } }
        let norm = sum.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? sum.map { $0 / norm } : nil
    }
}
