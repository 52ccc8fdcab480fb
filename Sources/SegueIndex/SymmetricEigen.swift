/// Eigenvalues and eigenvectors of a small symmetric matrix by cyclic Jacobi rotations
/// (Golub & Van Loan, "Matrix Computations", §8.5): plenty for the few dozen feature
/// dimensions, deterministic, and free of any LAPACK dependency.
struct SymmetricEigen {
    /// Eigenvalues, largest first.
    let values: [Double]
    /// `vectors[i]` is the unit eigenvector of `values[i]`.
    let vectors: [[Double]]

    init(_ matrix: [[Double]], maxSweeps: Int = 60) {
        let n = matrix.count
        var a = matrix
        var v = (0..<n).map { i in (0..<n).map { $0 == i ? 1.0 : 0.0 } }
        for _ in 0..<maxSweeps {
            var offDiagonal = 0.0
            for p in 0..<n { for q in (p + 1)..<max(p + 1, n) { offDiagonal += a[p][q] * a[p][q] } }
            if offDiagonal < 1e-22 { break }
            for p in 0..<n {
                for q in (p + 1)..<max(p + 1, n) where abs(a[p][q]) > 1e-300 {
                    let theta = (a[q][q] - a[p][p]) / (2 * a[p][q])
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<n {
                        let akp = a[k][p], akq = a[k][q]
                        a[k][p] = c * akp - s * akq
                        a[k][q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = a[p][k], aqk = a[q][k]
                        a[p][k] = c * apk - s * aqk
                        a[q][k] = s * apk + c * aqk
                    }
                    for k in 0..<n {
                        let vkp = v[k][p], vkq = v[k][q]
                        v[k][p] = c * vkp - s * vkq
                        v[k][q] = s * vkp + c * vkq
                    }
                }
            }
        }
        let diagonal: [Double] = (0..<n).map { a[$0][$0] }
        let order = (0..<n).sorted { (i: Int, j: Int) -> Bool in
            diagonal[i] != diagonal[j] ? diagonal[i] > diagonal[j] : i < j
        }
        values = order.map { diagonal[$0] }
        vectors = order.map { column in (0..<n).map { v[$0][column] } }
    }
}
