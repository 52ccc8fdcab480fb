import Foundation
import GRDB
import SegueCore
import SegueTestSupport
import Testing
@testable import SegueIndex

@Suite struct NumericsTests {
    @Test func eigenDecompositionOfAKnownMatrix() {
        // [[2, 1], [1, 2]] has eigenvalues 3 and 1 along (1, 1) and (1, -1).
        let eigen = SymmetricEigen([[2, 1], [1, 2]])
        #expect(abs(eigen.values[0] - 3) < 1e-12)
        #expect(abs(eigen.values[1] - 1) < 1e-12)
        #expect(abs(abs(eigen.vectors[0][0]) - 0.5.squareRoot()) < 1e-12)
        #expect(abs(eigen.vectors[0][0] - eigen.vectors[0][1]) < 1e-12)
    }

    @Test func topSelectionPrefersLowerIndicesOnTies() {
        let scores: [Float] = [0.5, 0.9, 0.5, 0.7, 0.5, -.infinity, 0.9, 0.1]
        var selector = TopSelector(k: 3)
        let best = scores.withUnsafeBufferPointer { selector.select($0.baseAddress!, count: $0.count) }
        #expect(best.map(\.index) == [1, 6, 3])
        var all = TopSelector(k: 20)
        let everything = scores.withUnsafeBufferPointer { all.select($0.baseAddress!, count: $0.count) }
        #expect(everything.map(\.index) == [1, 6, 3, 0, 2, 4, 7])
    }

    @Test func topSelectionMatchesAFullSort() {
        var random = SplitMix64(seed: 11)
        // Few distinct values: many ties.
        let scores = (0..<5000).map { _ in Float(Int.random(in: 0..<300, using: &random)) / 7 }
        let reference = scores.enumerated().sorted { $0.element != $1.element ? $0.element > $1.element : $0.offset < $1.offset }
        for k in [1, 37, 100, 4999, 6000] {
            var selector = TopSelector(k: k)
            let best = scores.withUnsafeBufferPointer { selector.select($0.baseAddress!, count: $0.count) }
            #expect(best.map { Int($0.index) } == reference.prefix(k).map(\.offset))
        }
    }

    @Test func robustNormalizationIgnoresUnitsAndOutliers() throws {
        // Dimension 0 in "Hz", dimension 1 in "dB": after normalization they weigh alike,
        // and one huge outlier does not move the others.
        var vectors: [[Float]] = (0..<200).map { index in
            let step = Float(index % 20)
            return [1000 + 10 * step, -20 + 0.01 * step]
        }
        vectors[0][0] = 1e9
        let settings = IndexSettings(config: try IndexFixture.config("index: {groups: {other: 1}}"),
                                     groups: FeatureGroups(groups: []))
        let space = Self.sonicSpace(vectors, settings: settings)
        let outlier = space.weighted(vectors[0])
        #expect(outlier[0] <= space.clip * space.weights[0] + 1e-6)
        let typical = space.weighted(vectors[19])
        #expect(abs(typical[0]) > 0.5)
        #expect(abs(typical[0] - typical[1]) < 0.1 * abs(typical[1]))
    }

    @Test func theSpaceIsCentredOnTheLibrarysMean() throws {
        // Skewed features (most tracks quiet, a few loud) leave the median-centred cloud off the
        // origin, where cosine would find every pair a little alike; centred, they average to zero.
        var random = SplitMix64(seed: 5)
        let vectors: [[Float]] = (0..<300).map { _ in
            (0..<3).map { _ in let u = Float.random(in: 0.01..<1, using: &random); return -log(u) * 10 }
        }
        let settings = IndexSettings(config: try IndexFixture.config("index: {groups: {other: 1}}"),
                                     groups: FeatureGroups(groups: []))
        let space = Self.sonicSpace(vectors, settings: settings)
        for dim in 0..<3 {
            let weightedMean = vectors.map { space.weighted($0)[dim] }.reduce(0, +) / Float(vectors.count)
            let centredMean = vectors.map { space.centred($0)[dim] }.reduce(0, +) / Float(vectors.count)
            #expect(weightedMean > 0.05, "dimension \(dim): the skew should put the median-centred mean off zero")
            #expect(abs(centredMean) < 1e-5, "dimension \(dim): centred mean \(centredMean)")
        }
    }

    @Test func matricesSurviveTheirBlobs() throws {
        let directory = try TemporaryDirectory()
        let database = try AppDatabase(path: directory.file("blobs.db"))
        let matrix = Matrix(rows: 3, minimumCols: 5)
        #expect(matrix.cols == 8)
        matrix[1, 4] = 2.5
        matrix[2, 0] = -1
        let (values, back) = try database.pool.write { db in
            try MatrixBlob.write(db, name: "test", matrix: matrix)
            let values = Matrix.floats(fromBlob: try Data.fetchOne(db, sql: "SELECT data FROM index_matrices WHERE name = 'test'")!)
            let back = Matrix(rows: 3, minimumCols: 8)
            try MatrixBlob.open(db, name: "test")!.read(rows: 1..<3, into: back, at: 0)
            return (values, back)
        }
        #expect(values.count == 24 && values[12] == 2.5 && values[16] == -1 && values[0] == 0)
        #expect(back[0, 4] == 2.5 && back[1, 0] == -1 && back[2, 0] == 0)
        #expect(Matrix.ints(fromBlob: Matrix.blob(fromInts: [1, -2, 1 << 40])) == [1, -2, 1 << 40])
    }

    @Test func halfPrecisionRoundTrips() {
        let values: [Float] = [1, -0.5, 0.123_456, 0, 1e-6, -0.999, 174.3, 70_000, -0.0]
        var halves = [UInt16](repeating: 0, count: values.count)
        var back = [Float](repeating: 1, count: values.count)
        HalfMatrix.narrow(values, into: &halves, count: values.count)
        HalfMatrix.widen(halves, into: &back, count: values.count)
        for lane in 0..<4 {
            #expect(abs(back[lane] - values[lane]) <= abs(values[lane]) * 1e-3)
        }
        #expect(back[4] == 0)
        #expect(abs(back[5] + 0.999) < 1e-3)
        #expect(abs(back[6] - 174.3) < 0.1)
        #expect(back[7] == 65504)
        #expect(back[8] == 0)
    }

    @Test func familiesCoverTheLayoutAndTheRestIsOther() {
        let families = FeatureGroups.standard.families(dimension: 297)
        #expect(families[0] == .timbre && families[80] == .rhythm && families[70] == .harmony && families[88] == .loudness)
        #expect(families[94] == .other && families[95] == .embedding && families[294] == .embedding)
        #expect(families[295] == .other && families[296] == .other)
    }

    /// The transform learned from `vectors`, laid out as the build streams them into a matrix.
    private static func sonicSpace(_ vectors: [[Float]], settings: IndexSettings) -> SonicSpace {
        let dimension = vectors[0].count
        let matrix = Matrix(rows: vectors.count, minimumCols: dimension)
        for (row, vector) in vectors.enumerated() { for (col, value) in vector.enumerated() { matrix[row, col] = value } }
        return SonicSpace(vectors: matrix, rows: Array(vectors.indices), dimension: dimension, settings: settings)
    }
}
