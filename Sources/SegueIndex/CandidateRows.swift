/// Rows of a space copied side by side, so that one GEMM takes them as a block: the tracks of
/// a cluster, or the candidates its probes gather. Reused from block to block by one worker.
struct CandidateRows {
    let layout: BlockScorer.Layout
    private(set) var count = 0
    private var sonic: [Float] = [0]
    private var genre: [Float] = [0]

    init(layout: BlockScorer.Layout) {
        self.layout = layout
    }

    mutating func gather(_ rows: some Collection<Int>, from space: SimilaritySpace) {
        count = rows.count
        let sonicCols = layout.sonicCols, genreCols = layout.genreCols
        if sonic.count < count * sonicCols { sonic = [Float](repeating: 0, count: count * sonicCols) }
        if genre.count < count * genreCols { genre = [Float](repeating: 0, count: count * genreCols) }
        sonic.withUnsafeMutableBufferPointer { sonic in
            genre.withUnsafeMutableBufferPointer { genre in
                for (index, row) in rows.enumerated() {
                    (sonic.baseAddress! + index * sonicCols).update(from: space.sonic.storage + row * sonicCols, count: sonicCols)
                    (genre.baseAddress! + index * genreCols).update(from: space.genre.storage + row * genreCols, count: genreCols)
                }
            }
        }
    }

    func withRows<Result>(_ body: (BlockScorer.Rows) -> Result) -> Result {
        sonic.withUnsafeBufferPointer { sonic in
            genre.withUnsafeBufferPointer { genre in
                body(BlockScorer.Rows(sonic: sonic.baseAddress!, genre: genre.baseAddress!, count: count))
            }
        }
    }
}
