/// The transform as the index stores it (`index_matrices` 'sonic_transform'), so tracks added
/// between rebuilds are normalized as the others were: one row each for the medians, the
/// inverse spreads and the family weights, then, with PCA, the mean and the components.
extension SonicSpace {
    var stored: Matrix {
        let rows = [median, inverseSpread, weights] + (projection.map { [$0.mean] + $0.components } ?? [])
        let matrix = Matrix(rows: rows.count, minimumCols: max(1, dimension))
        for (index, values) in rows.enumerated() {
            for (col, value) in values.enumerated() { matrix[index, col] = value }
        }
        return matrix
    }

    init?(stored: Matrix, dimension: Int, clip: Float) {
        guard stored.rows >= 3, stored.rows != 4, stored.cols >= dimension else { return nil }
        func row(_ index: Int) -> [Float] { Array(stored.row(index).prefix(dimension)) }
        self.dimension = dimension
        median = row(0)
        inverseSpread = row(1)
        weights = row(2)
        self.clip = clip
        projection = stored.rows > 4 ? Projection(mean: row(3), components: (4..<stored.rows).map(row)) : nil
    }
}
