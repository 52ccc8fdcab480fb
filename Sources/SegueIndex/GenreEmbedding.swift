/// How a track's genres become its vector over the genre space's axes: each genre counts
/// towards every axis by its relatedness to the axis genre. Built from a `GenreSpace` at a
/// rebuild and stored with the index, so tracks added later land in the same space.
struct GenreEmbedding: Sendable {
    /// Canonical genre names; a profile's genre ids index this.
    let names: [String]
    let axisCount: Int
    /// Per genre, the axes it counts towards and by how much.
    let rows: [[(axis: Int, weight: Float)]]

    /// Genre ids by name.
    var ids: [String: Int] {
        Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
    }

    /// Each profile's unit vector over the axes, into `matrix` at the row `rows[index]` (nil: not indexed).
    func embed(_ profiles: [[(genre: Int, weight: Float)]], into matrix: Matrix, rows targets: [Int?]) {
        for (index, profile) in profiles.enumerated() {
            guard let target = targets[index] else { continue }
            let vector = matrix.row(target)
            for entry in profile {
                for (axis, similarity) in rows[entry.genre] { vector[axis] += entry.weight * similarity }
            }
            matrix.normalize(row: target)
        }
    }

    /// The rows as a dense matrix (genres × axes), as the index stores them.
    var matrix: Matrix {
        let dense = Matrix(rows: names.count, minimumCols: max(1, axisCount))
        for (genre, row) in rows.enumerated() {
            for (axis, weight) in row { dense[genre, axis] = weight }
        }
        return dense
    }

    init(names: [String], axisCount: Int, rows: [[(axis: Int, weight: Float)]]) {
        self.names = names
        self.axisCount = axisCount
        self.rows = rows
    }

    /// From the stored dense matrix.
    init(names: [String], axisCount: Int, matrix: Matrix) {
        self.init(names: names, axisCount: axisCount, rows: names.indices.map { genre in
            (0..<axisCount).compactMap { axis in matrix[genre, axis] > 0 ? (axis, matrix[genre, axis]) : nil }
        })
    }
}
