import COpenBLAS

/// Ranking scores of a block of query rows against a block of candidate rows, as two
/// single-precision GEMMs from OpenBLAS: `(w_s/2)·S_q·S_cᵀ + w_g·G_q·G_cᵀ` over the unit sound
/// and genre vectors. Plus the constant `w_s/2` and the similar-artist boost, that is the
/// score (see `ScoreModel`), so ranking by it is ranking by score. A part a track lacks is a
/// zero row, which gives what "unrelated" is worth.
///
/// OpenBLAS runs on the calling thread only (`COpenBLASCallingThread`): the searches spread
/// blocks over the cores themselves, and a fixed thread count keeps every product's rounding,
/// hence the graph, the same on every run.
enum BlockScorer {
    /// Rows of the sound and genre matrices of one block, each contiguous with the widths of
    /// the space's matrices.
    struct Rows {
        var sonic: UnsafePointer<Float>
        var genre: UnsafePointer<Float>
        var count: Int
    }

    /// The matrices' widths and the weights of their parts.
    struct Layout {
        var sonicCols: Int
        var genreCols: Int
        var sonicWeight: Float
        var genreWeight: Float

        init(_ space: SimilaritySpace) {
            sonicCols = space.sonic.cols
            genreCols = space.genre.cols
            sonicWeight = space.model.sonicWeight / 2
            genreWeight = space.model.genreWeight
        }
    }

    /// `output[q * stride + c]` = the ranking score of query `q` against candidate `c`.
    static func score(_ queries: Rows, against candidates: Rows, layout: Layout,
                      into output: UnsafeMutablePointer<Float>, stride: Int) {
        guard queries.count > 0, candidates.count > 0 else { return }
        gemm(queries.sonic, candidates.sonic, rows: queries.count, candidates: candidates.count,
             width: layout.sonicCols, weight: layout.sonicWeight, accumulate: false, output, stride)
        gemm(queries.genre, candidates.genre, rows: queries.count, candidates: candidates.count,
             width: layout.genreCols, weight: layout.genreWeight, accumulate: true, output, stride)
    }

    /// The rows `range` of the space, in place.
    static func rows(_ sonic: Matrix, _ genre: Matrix, _ range: Range<Int>) -> Rows {
        Rows(sonic: sonic.storage + range.lowerBound * sonic.cols, genre: genre.storage + range.lowerBound * genre.cols,
             count: range.count)
    }

    private static func gemm(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, rows: Int, candidates: Int, width: Int,
                             weight: Float, accumulate: Bool, _ c: UnsafeMutablePointer<Float>, _ stride: Int) {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(candidates), Int32(width),
                    weight, a, Int32(width), b, Int32(width), accumulate ? 1 : 0, c, Int32(stride))
    }
}
