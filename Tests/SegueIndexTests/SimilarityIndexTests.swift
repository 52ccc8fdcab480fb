import Foundation
import GRDB
import SegueCore
import SegueTestSupport
import Testing
@testable import SegueIndex

@Suite struct SimilarityIndexTests {
    @Test func storedNeighboursAgreeWithTheVectors() throws {
        let fixture = try IndexFixture(tracks: 300)
        try fixture.build(IndexFixture.config("index: {neighbours: 20}"))
        let index = try SimilarityIndex.load(database: fixture.database)
        let track = index.trackIDs[17]
        let stored = index.neighbours(of: track, limit: 20)
        #expect(stored.count == 20)
        #expect(zip(stored, stored.dropFirst()).allSatisfy { $0.breakdown.score >= $1.breakdown.score })
        #expect(!stored.contains { $0.trackID == track })
        // Beyond the stored 20 the index searches the vectors; the first 20 must be the same.
        let searched = index.neighbours(of: track, limit: 30)
        #expect(searched.count == 30)
        #expect(Set(searched.prefix(15).map(\.trackID)).isSubset(of: stored.map(\.trackID)))
        // Export holds the vectors in half precision: scores agree to about 1e-3.
        for (a, b) in zip(searched, stored) {
            #expect(abs(a.breakdown.score - b.breakdown.score) < 3e-3)
        }
        let breakdown = index.similarity(track, stored[0].trackID)
        #expect(abs(breakdown.score - stored[0].breakdown.score) < 3e-3)
        #expect(index.similarity(track, -5) == SimilarityBreakdown(score: 0, sonic: nil, genre: nil, artistBoost: 0))
        #expect(index.neighbours(of: -5, limit: 10).isEmpty)
    }

    @Test func seedNeighboursLeaveOutTheSeedsAndKeepTheirStyle() throws {
        let fixture = try IndexFixture(tracks: 400)
        try fixture.build()
        let index = try SimilarityIndex.load(database: fixture.database)
        let style = fixture.library.trackStyles[index.trackIDs[0]]
        let seeds = index.trackIDs.filter { fixture.library.trackStyles[$0] == style }.prefix(4)
        let list = index.neighbours(ofSeeds: Array(seeds) + [-1], limit: 20)
        #expect(list.count == 20)
        #expect(Set(list.map(\.trackID)).isDisjoint(with: seeds))
        #expect(list.filter { fixture.library.trackStyles[$0.trackID] == style }.count >= 16)
        #expect(zip(list, list.dropFirst()).allSatisfy { $0.breakdown.score >= $1.breakdown.score })
    }

    @Test func transitionsScoreEndAgainstBeginning() throws {
        let fixture = try IndexFixture(tracks: 300) { database in
            // The analyze stage's segment column, as it will add it.
            try database.pool.write { db in
                if try !db.columns(in: "sonic_features").contains(where: { $0.name.contains("segment") }) {
                    try db.execute(sql: "ALTER TABLE sonic_features ADD COLUMN segment_vectors BLOB")
                }
            }
        }
        try fixture.build()
        let index = try SimilarityIndex.load(database: fixture.database)
        let track = index.trackIDs.first { index.similarity($0, $0).sonic != nil }!
        let neighbour = index.neighbours(of: track, limit: 1)[0].trackID
        let transition = try #require(index.transitionScore(from: track, to: neighbour))
        #expect((0...1).contains(transition.score))
        #expect(transition.timbre > 0.5)
        let parts = [transition.timbre, transition.tempo, transition.key]
        #expect(parts.allSatisfy { (0...1).contains($0) })
        let begin = try fixture.database.pool.read { db in
            try Data.fetchOne(db, sql: "SELECT data FROM index_matrices WHERE name = 'segment_begin'")
        }
        let sonic = try fixture.database.pool.read { db in
            try Data.fetchOne(db, sql: "SELECT data FROM index_matrices WHERE name = 'sonic'")
        }
        #expect(begin != sonic)
    }

    @Test func tempoCompatibilityAllowsDoubleTime() {
        #expect(TransitionModel.tempo(120, 120) == 1)
        #expect(abs(TransitionModel.tempo(87, 174) - 1) < 1e-9)
        #expect(TransitionModel.tempo(120, 126) > 0.5)
        #expect(TransitionModel.tempo(120, 150) < 0.1)
        #expect(TransitionModel.tempo(nil, 150) == TransitionModel.unknown)
    }
}
