import Foundation
import GRDB
import SegueCore
import SegueTestSupport
import Testing
@testable import SegueIndex

/// How the neighbour rows are written: many to a statement, their scores computed a batch
/// ahead on another thread, the readers' indexes dropped and made again around a rebuild.
/// What readers see must not change.
@Suite struct NeighbourWriteTests {
    /// 2,500 tracks: more than one batch of `NeighbourBatches.tracksPerBatch`, and, with a
    /// track deleted meanwhile, lists one short of the 100 rows of a statement.
    static let tracks = 2500

    /// Every stored row is its pair's score breakdown, bit for bit, computed here one row
    /// after another from the same search; ranks run 1, 2, 3… whatever the batch or statement
    /// a row was written in.
    @Test func everyRowIsItsPairsScore() throws {
        let fixture = try IndexFixture(tracks: Self.tracks, seed: 2)
        try fixture.build()
        let (space, graph) = try search(fixture)
        var expected: [[DatabaseValue]] = []
        for row in 0..<space.count {
            for (rank, other) in graph.neighbours(of: row).enumerated() {
                let breakdown = space.breakdown(row, other)
                expected.append([space.trackIDs[row].databaseValue, space.trackIDs[other].databaseValue,
                                 (rank + 1).databaseValue, breakdown.score.databaseValue, breakdown.sonic.databaseValue,
                                 breakdown.genre.databaseValue, breakdown.artistBoost.databaseValue])
            }
        }
        let stored = try fixture.database.pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT track_id, neighbour_id, rank, score, sonic_score, genre_score, artist_boost
                FROM neighbours ORDER BY track_id, rank
                """).map { row in (0..<7).map { row[$0] as DatabaseValue } }
        }
        #expect(stored.count > (Self.tracks - 10) * 100, "\(stored.count) rows")
        #expect(stored == expected)
    }

    /// Export's partial index, and one a user made, are there after a rebuild with their own
    /// definitions, hold exactly the rows they cover, and are used by their queries.
    @Test func aRebuildKeepsTheIndexesOthersMadeOnNeighbours() throws {
        let fixture = try IndexFixture(tracks: Self.tracks, seed: 2)
        try fixture.execute("CREATE INDEX neighbours_by_neighbour ON neighbours(neighbour_id)")
        let definitions = try indexDefinitions(fixture)
        #expect(definitions.keys.sorted() == ["neighbours_by_neighbour", "neighbours_nearest"])
        try fixture.build()
        try fixture.build(force: true)
        #expect(try indexDefinitions(fixture) == definitions)
        try fixture.database.pool.read { db in
            #expect(try String.fetchAll(db, sql: "PRAGMA integrity_check") == ["ok"])
            let nearest = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM neighbours INDEXED BY neighbours_nearest WHERE rank <= 10")
            let covered = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM neighbours NOT INDEXED WHERE rank <= 10")
            #expect(nearest == covered && (covered ?? 0) > (Self.tracks - 10) * 9)
            let plan = try Row.fetchAll(db, sql: """
                EXPLAIN QUERY PLAN SELECT neighbour_id, sonic_score FROM neighbours WHERE track_id = ? AND rank <= 10
                """, arguments: [1]).map { $0["detail"] as String }.joined()
            #expect(plan.contains("neighbours_nearest"), "\(plan)")
        }
    }

    /// A rebuild stores the table `WITHOUT ROWID` with the columns it had, made beside the old
    /// one and renamed: a user's view on it reads the new rows, a user's trigger on it is
    /// there again, and no table is left under the new one's working name.
    @Test func aRebuildStoresTheTableWithoutRowIDAndKeepsViewsAndTriggers() throws {
        let fixture = try IndexFixture(tracks: Self.tracks, seed: 2)
        try fixture.execute("""
            CREATE TABLE removed (track_id INTEGER);
            CREATE VIEW neighbour_pairs AS SELECT track_id, neighbour_id FROM neighbours;
            CREATE TRIGGER neighbours_removed AFTER DELETE ON neighbours BEGIN INSERT INTO removed VALUES (old.track_id); END;
            """)
        let columns = { try fixture.database.pool.read { try $0.columns(in: "neighbours").map { "\($0.name) \($0.type)" } } }
        let before = try columns()
        try fixture.build()
        try fixture.build(force: true)
        #expect(try columns() == before)
        try fixture.database.pool.write { db in
            let definition = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'neighbours'") ?? ""
            #expect(definition.hasSuffix(") WITHOUT ROWID"), "\(definition)")
            #expect(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE name LIKE 'neighbours_next%'") == [])
            let rows = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM neighbours") ?? 0
            #expect(rows > (Self.tracks - 10) * 100)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM neighbour_pairs") == rows)
            try db.execute(sql: "DELETE FROM neighbours WHERE track_id = 1")
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM removed WHERE track_id = 1") == 100)
            #expect(try String.fetchAll(db, sql: "PRAGMA integrity_check") == ["ok"])
        }
    }

    /// A track deleted between the search and the write is left out: no list of its own, in
    /// no other list, and the lists it was in ranked on without it, the other rows as they were.
    @Test func aTrackDeletedMeanwhileIsLeftOut() throws {
        let fixture = try IndexFixture(tracks: Self.tracks, seed: 2)
        try fixture.build()
        let before = try fixture.neighbourRows()
        let (space, graph) = try search(fixture)
        let store = IndexStore(database: fixture.database)
        let deleted: Int64 = 1234
        try store.inWriteTransaction { db in
            try db.execute(sql: "DELETE FROM neighbours")
            try db.execute(sql: "DELETE FROM tracks WHERE id = ?", arguments: [deleted])
            try store.writeNeighbours(db, space, rows: 0..<space.count) { graph.neighbours(of: $0) }
        }
        let after = try fixture.neighbourRows()
        let kept = before.filter { $0[0] as Int64 != deleted && $0[1] as Int64 != deleted }
        #expect(kept.count < before.count - 100)
        func pairs(_ rows: [Row]) -> [[DatabaseValue]] { rows.map { [$0[0], $0[1], $0[3], $0[4], $0[5]] } }
        #expect(pairs(after) == pairs(kept))
        let ranked = Dictionary(grouping: after, by: { $0[0] as Int64 }).values.allSatisfy { list in
            list.map { $0[2] as Int64 } == Array(1...Int64(list.count))
        }
        #expect(ranked)
    }

    /// The space and neighbours a rebuild of `fixture` computes, before it writes them.
    private func search(_ fixture: IndexFixture) throws -> (SimilaritySpace, NeighbourGraph) {
        let settings = IndexSettings(config: try IndexFixture.config())
        let store = IndexStore(database: fixture.database)
        return try store.read { db in
            let plan = try IndexPlan(db, store: store, settings: settings, force: true, exact: false)
            let rebuild = IndexRebuild(plan: plan, settings: settings)
            let spaces = rebuild.spaces()
            return (spaces.space, try rebuild.search(spaces, progress: { _ in }, log: { _ in }).graph)
        }
    }

    private func indexDefinitions(_ fixture: IndexFixture) throws -> [String: String] {
        try fixture.database.pool.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: """
                SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'neighbours' AND sql IS NOT NULL
                """).map { ($0[0] as String, $0[1] as String) })
        }
    }
}
