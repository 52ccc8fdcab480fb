import COpenBLAS

/// Every matrix product of the embedding: one single-precision GEMM from OpenBLAS, row-major.
///
/// OpenBLAS runs on the calling thread only (`COpenBLASCallingThread`): the analysis
/// parallelizes over tracks, and a fixed thread count keeps every product's rounding, hence
/// every embedding, the same on every run whatever the number of workers.
enum GEMM {
    /// `c` (m × n, row-major) = `a` (m × k, rows `lda` apart) · `b` (k × n), plus `c` itself
    /// when `accumulate`.
    static func multiply(_ a: UnsafePointer<Float>, rows m: Int, inner k: Int, rowStride lda: Int,
                         by b: UnsafePointer<Float>, columns n: Int, into c: UnsafeMutablePointer<Float>,
                         accumulate: Bool = false) {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), 1, a, Int32(lda),
                    b, Int32(n), accumulate ? 1 : 0, c, Int32(n))
    }
}
