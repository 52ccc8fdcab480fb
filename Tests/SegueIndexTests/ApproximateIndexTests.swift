import Foundation
import GRDB
import SegueCore
import SegueTestSupport
import Testing
@testable import SegueIndex

/// The approximate search above `index.exact_below`, held to exact search over the same vectors.
@Suite struct ApproximateIndexTests {
    /// Clusters small enough that 3,000 tracks make 93, of which a track's candidates come from
    /// 8: under a tenth of the library is scored, so this is a real approximation.
    static let config = "index: {exact_below: 1000, approximate: {cluster_size: 32, probes: 8}}"

    /// Measured 0.992 with 93 clusters of 32 (274 candidates per track). With 6,000 tracks the
    /// most clusters (60) is reached: they grow to 100 tracks, so 6 probes still cover a tenth
    /// of the library (without that bound, 187 clusters of 32 and 3 %). The floor is 0.95.
    @Test(arguments: [(3000, Self.config, 93),
                      (6000, "index: {exact_below: 1000, approximate: {cluster_size: 32, clusters: 60, probes: 6}}", 60)])
    func neighboursAgreeWithExactSearch(tracks: Int, yaml: String, clusters: Int) throws {
        let fixture = try IndexFixture(tracks: tracks, seed: 11)
        let report = try fixture.build(IndexFixture.config(yaml))
        #expect(report.search == "approximate")
        #expect(report.candidatesPerTrack > 0 && report.candidatesPerTrack < report.indexed / 8,
                "\(report.candidatesPerTrack) candidates per track of \(report.indexed)")
        let centroids = try fixture.database.pool.read { db in try MatrixBlob.open(db, name: "centroid_sonic")?.rows }
        #expect(centroids == clusters)
        let measured = try IndexRecall.measure(database: fixture.database, queries: 1000)
        #expect(measured.recall >= 0.95, "recall@10 \(measured.recall)")
        // The style is found as well as by exact search (0.8 in IndexBuilderTests).
        #expect(try fixture.precision(at: 10) > 0.8)
    }

    /// `index.exact_below` counts the tracks to index: at the threshold the search is
    /// approximate, one track short of it exact, and `--exact` is exact whatever the size.
    /// Each switch rebuilds, as the search is part of the index's fingerprint.
    @Test func exactBelowSwitchesAtTheThreshold() throws {
        let fixture = try IndexFixture(tracks: 800, seed: 4)
        let exact = try fixture.build()
        #expect(exact.search == "exact" && exact.candidatesPerTrack == 0)
        func config(_ threshold: Int) throws -> IndexConfig {
            try IndexFixture.config("index: {exact_below: \(threshold), approximate: {cluster_size: 32, probes: 8}}")
        }
        let at = try fixture.build(config(exact.indexed))
        #expect(at.state == .rebuilt && at.search == "approximate")
        #expect(at.candidatesPerTrack > 0 && at.candidatesPerTrack < exact.indexed / 2, "\(at.candidatesPerTrack) candidates")
        let below = try fixture.build(config(exact.indexed + 1))
        #expect(below.state == .rebuilt && below.search == "exact" && below.candidatesPerTrack == 0)
        let settings = IndexSettings(config: try config(exact.indexed))
        let asked = try IndexBuilder(database: fixture.database, settings: settings).run(exact: true)
        #expect(asked.state == .upToDate && asked.search == "exact")
        #expect(try fixture.build(config(exact.indexed)).search == "approximate")
        let stored = try fixture.database.pool.read { db in try IndexStore(database: fixture.database).meta(db) }
        #expect(stored[IndexMeta.search] == "approximate")
    }

    @Test func identicalOnEveryRun() throws {
        let config = try IndexFixture.config(Self.config)
        let first = try IndexFixture(tracks: 2000, seed: 3), second = try IndexFixture(tracks: 2000, seed: 3)
        try first.build(config)
        try second.build(config)
        let rows = try first.neighbourRows()
        #expect(rows.count > 190_000)
        #expect(rows == (try second.neighbourRows()))
        try first.build(config, force: true)
        #expect(rows == (try first.neighbourRows()))
    }

    /// The last 100 tracks arrive on the second night: they are inserted, the lists they enter
    /// refreshed, and every track's neighbours (all 3,000 queried) are as right as after a rebuild.
    @Test func addedTracksAreInsertedAsWellAsARebuildPlacesThem() throws {
        let fixture = try IndexFixture(tracks: 3000, seed: 5)
        let config = try IndexFixture.config(Self.config)
        try fixture.execute("UPDATE tracks SET missing_since = CURRENT_TIMESTAMP WHERE id > 2900")
        #expect(try fixture.build(config).state == .rebuilt)
        try fixture.execute("UPDATE tracks SET missing_since = NULL")
        let update = try fixture.build(config)
        #expect(update.state == .updated)
        #expect(update.added > 90 && update.indexed > 2900)
        #expect(update.refreshed > 100)
        let entered = try fixture.database.pool.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM neighbours WHERE track_id > 2900")!,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM neighbours WHERE track_id <= 2900 AND neighbour_id > 2900")!)
        }
        #expect(entered.0 >= 90 * 100, "rows of the new tracks \(entered.0)")
        #expect(entered.1 > 1000, "new tracks in older lists \(entered.1)")
        let updated = try IndexRecall.measure(database: fixture.database, queries: 5000)
        #expect(try fixture.build(config).state == .upToDate)
        #expect(try fixture.build(config, force: true).state == .rebuilt)
        let rebuilt = try IndexRecall.measure(database: fixture.database, queries: 5000)
        #expect(updated.recall >= 0.95 && rebuilt.recall >= 0.95, "recall@10 updated \(updated.recall), rebuilt \(rebuilt.recall)")
        #expect(updated.recall >= rebuilt.recall - 0.01, "recall@10 updated \(updated.recall), rebuilt \(rebuilt.recall)")
    }

    @Test func anythingButAdditionsRebuilds() throws {
        let fixture = try IndexFixture(tracks: 1500, seed: 9)
        let config = try IndexFixture.config(Self.config)
        try fixture.execute("UPDATE tracks SET missing_since = CURRENT_TIMESTAMP WHERE id > 1480")
        #expect(try fixture.build(config).state == .rebuilt)
        try fixture.execute("UPDATE tracks SET missing_since = NULL")
        let dryRun = try IndexBuilder(database: fixture.database, settings: IndexSettings(config: config)).run(dryRun: true)
        #expect(dryRun.state == .wouldUpdate)
        #expect(try fixture.build(config).state == .updated)
        // A changed track, a removed one, a genre of a known artist, a setting: each rebuilds.
        try fixture.execute("UPDATE sonic_features SET bpm = bpm + 1 WHERE track_id = 7")
        #expect(try fixture.build(config).state == .rebuilt)
        try fixture.execute("UPDATE tracks SET missing_since = CURRENT_TIMESTAMP WHERE id = 8")
        #expect(try fixture.build(config).state == .rebuilt)
        try fixture.execute("INSERT INTO artist_genres (artist_id, genre, weight, source) VALUES (1, 'dub', 10, 'lastfm')")
        #expect(try fixture.build(config).state == .rebuilt)
        #expect(try fixture.build(IndexFixture.config("index: {exact_below: 1000, approximate: {cluster_size: 32, probes: 9}}"))
            .state == .rebuilt)
        // More than a tenth of the index added since its rebuild: rebuilt, so the clusters stay fresh.
        try fixture.execute("UPDATE tracks SET missing_since = CURRENT_TIMESTAMP WHERE id > 1300")
        #expect(try fixture.build(config).state == .rebuilt)
        try fixture.execute("UPDATE tracks SET missing_since = NULL")
        #expect(try fixture.build(config).state == .rebuilt)
    }
}
