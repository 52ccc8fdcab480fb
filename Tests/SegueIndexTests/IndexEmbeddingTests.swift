import Foundation
import GRDB
import SegueCore
import SegueTestSupport
import Testing
@testable import SegueIndex

/// The learned embedding joins the streamed vectors as main's index defines it: each track's
/// own embedding after its DSP values, and for a track without a usable one (none, an older
/// version, a value that is not finite) the median of the others in each dimension.
@Suite struct IndexEmbeddingTests {
    @Test func eachTrackGetsItsOwnEmbeddingOrTheMedianOfTheOthers() throws {
        let fixture = try IndexFixture(tracks: 120, seed: 6)
        var random = SplitMix64(seed: 6)
        let ids = try fixture.database.pool.read { db in try Int64.fetchAll(db, sql: "SELECT track_id FROM sonic_features ORDER BY track_id") }
        // Whole numbers, so that ties and the median's halves are exercised.
        var own: [Int64: [Float]] = [:]
        for id in ids { own[id] = (0..<200).map { _ in Float((random.normal() * 3).rounded()) } }
        let (none, older, notFinite) = (ids[3], ids[4], ids[5])
        try fixture.database.pool.write { db in
            for id in ids where id != none {
                var vector = own[id]!
                if id == notFinite { vector[7] = .nan }
                try db.execute(sql: """
                    INSERT INTO sonic_embeddings (track_id, model, version, vector, patches, analyzed_at)
                    VALUES (?, 'msd_musicnn', ?, ?, 3, CURRENT_TIMESTAMP)
                    """, arguments: [id, id == older ? 1 : 2, Matrix.blob(fromFloats: vector)])
            }
        }
        let usable = ids.filter { ![none, older, notFinite].contains($0) }
        let median = (0..<200).map { dim in SonicSpace.quantile(usable.map { own[$0]![dim] }.sorted(), 0.5) }

        let (read, dspOnly) = try fixture.database.pool.read { db -> ([Int64: [Float]], Int) in
            let reader = try #require(try FeatureReader(db, embeddings: true))
            #expect(reader.vectorDimension == FeatureGroups.standard.vectorDimension)
            #expect(reader.dimension == FeatureGroups.standard.dimension)
            var read: [Int64: [Float]] = [:]
            try reader.forEach(db, segments: false) { id, features in read[id] = try #require(features).vector }
            return (read, try #require(try FeatureReader(db, embeddings: false)).dimension)
        }
        #expect(dspOnly == FeatureGroups.standard.vectorDimension)
        #expect(read.count == ids.count)
        for id in ids {
            let tail = Array(try #require(read[id]).suffix(200))
            #expect(tail == ([none, older, notFinite].contains(id) ? median : own[id]!), "track \(id)")
        }
    }

    @Test func streamedMediansEqualSortedColumns() {
        var random = SplitMix64(seed: 9)
        for count in [1, 2, 7, 500, 501] {
            let rows = (0..<count).map { _ in
                [Float(random.normal()), Float((random.normal() * 2).rounded()), random.chance(0.5) ? -0.0 : 0.0, Float(random.normal() * 1e30)]
            }
            let streamed = StreamedMedians.compute(columns: 4) { visit in rows.forEach(visit) }
            let sorted = (0..<4).map { column in SonicSpace.quantile(rows.map { $0[column] }.sorted(), 0.5) }
            #expect(streamed == sorted, "\(count) rows")
        }
        #expect(StreamedMedians.compute(columns: 4) { _ in } == nil)
    }

    /// The index weighs the embedding in as one family, and leaves it out at weight 0.
    @Test func theIndexSpaceHoldsTheEmbeddingUnlessItsWeightIsZero() throws {
        let fixture = try IndexFixture(tracks: 200, seed: 8)
        var random = SplitMix64(seed: 8)
        try fixture.database.pool.write { db in
            for id in try Int64.fetchAll(db, sql: "SELECT track_id FROM sonic_features") {
                try db.execute(sql: """
                    INSERT INTO sonic_embeddings (track_id, model, version, vector, patches, analyzed_at)
                    VALUES (?, 'msd_musicnn', 1, ?, 3, CURRENT_TIMESTAMP)
                    """, arguments: [id, Matrix.blob(fromFloats: (0..<200).map { _ in Float(random.normal()) })])
            }
        }
        func sonicColumns() throws -> Int {
            try fixture.database.pool.read { db in try #require(try MatrixBlob.open(db, name: "sonic")).cols }
        }
        try fixture.build()
        #expect(try sonicColumns() == Matrix.paddedWidth(FeatureGroups.standard.dimension))
        #expect(try fixture.build(IndexFixture.config("index: {groups: {embedding: 0}}")).state == .rebuilt)
        #expect(try sonicColumns() == Matrix.paddedWidth(FeatureGroups.standard.vectorDimension))
    }
}
