/// The transform as the index stores it (`index_matrices` 'sonic_transform'), so tracks added
/// between rebuilds are normalized as the others were: one row each for the medians, the
/// inverse spreads, the family weights and the centre, then, with PCA, the mean and the
/// components.
extension SonicSpace {
    var stored: Matrix {
        let rows = [median, inverseSpread, weights, centre] + (projection.map { [$0.mean] + $0.components } ?? [])
        let matrix = Matrix(rows: rows.count, minimumCols: max(1, dimension))
        for (index, values) in rows.enumerated() {
            for (col, value) in values.enumerated() { matrix[index, col] = value }
        }
        return matrix
    }

    init?(stored: Matrix, dimension: Int, clip: Float) {
        guard stored.rows >= 4, stored.rows != 5, stored.cols >= dimension else { return nil }
        func row(_ index: Int) -> [Float] { Array(stored.row(index).prefix(dimension)) }
        self.dimension = dimension
        median = row(0)
        inverseSpread = row(1)
        weights = row(2)
        centre = row(3)
        self.clip = clip
        projection = stored.rows > 5 ? Projection(mean: row(4), components: (5..<stored.rows).map(row)) : nil
    }
}
