import Foundation
import GRDB
import SegueCore
import SegueTestSupport
import Testing
@testable import SegueIndex

/// The build streams features from SQLite instead of holding them: what it writes a slice of
/// rows at a time must be what each track's own features give.
@Suite struct IndexStreamingTests {
    /// More rows than one 4,096-row slice of window vectors, with a run of tracks without
    /// features (indexed by their genres) where the stream skips rows across the slice's end.
    @Test func windowVectorsAreEveryTracksOwnAcrossSlices() throws {
        let fixture = try IndexFixture(tracks: 4400, seed: 2)
        try fixture.execute("DELETE FROM sonic_features WHERE track_id BETWEEN 4000 AND 4200")
        let report = try fixture.build(IndexFixture.config("index: {neighbours: 5}"))
        #expect(report.indexed > 4300 && report.withoutFeatures >= 201)
        let clip = Float(try IndexFixture.config().clip)
        let (compared, worst, stray) = try fixture.database.pool.read { db -> (Int, Float, Int) in
            let ids = try IndexStore(database: fixture.database).ints(db, name: "track_ids")
            let transform = try #require(try MatrixBlob.open(db, name: "sonic_transform"))
            let stored = Matrix(rows: transform.rows, minimumCols: transform.cols)
            try transform.read(rows: 0..<transform.rows, into: stored, at: 0)
            let reader = try #require(try FeatureReader(db, embeddings: false))
            let space = try #require(SonicSpace(stored: stored, dimension: reader.dimension, clip: clip))
            let blobs = try ["segment_begin", "segment_end"].map { try #require(try MatrixBlob.open(db, name: $0)) }
            let written = blobs.map { Matrix(rows: ids.count, minimumCols: $0.cols) }
            for (blob, matrix) in zip(blobs, written) { try blob.read(rows: 0..<ids.count, into: matrix, at: 0) }
            let expected = Matrix(rows: 1, minimumCols: written[0].cols)
            var compared = 0, worst: Float = 0
            var withWindows = Set<Int>()
            try reader.forEach(db, segments: true) { trackID, features in
                let features = try #require(features)
                let row = try #require(ids.sortedIndex(of: trackID))
                withWindows.insert(row)
                for (matrix, segment) in zip(written, [0, 2]) {
                    expected.row(0).update(repeating: 0)
                    space.transform(try #require(features.segment(segment)), into: expected, row: 0)
                    for col in 0..<expected.cols { worst = max(worst, abs(matrix[row, col] - expected[0, col])) }
                }
                compared += 1
            }
            // Rows without features stay zero.
            let stray = (0..<ids.count).filter { !withWindows.contains($0) && !(written[0].isZero(row: $0) && written[1].isZero(row: $0)) }
            return (compared, worst, stray.count)
        }
        #expect(compared == report.indexed - report.withoutFeatures)
        #expect(worst < 1e-6, "largest difference \(worst)")
        #expect(stray == 0)
    }
}
