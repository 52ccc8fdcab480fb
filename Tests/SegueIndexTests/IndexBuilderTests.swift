import Foundation
import GRDB
import SegueCore
import SegueTestSupport
import Testing
@testable import SegueIndex

@Suite struct IndexBuilderTests {
    /// 14 styles: chance is about 7 %. Sound and genres together find the style for 0.99 of
    /// the first ten neighbours on this library (measured); 0.8 leaves room for tuning.
    @Test func neighboursShareTheStyleFarAboveChance() throws {
        let fixture = try IndexFixture()
        let report = try fixture.build()
        #expect(report.state == .rebuilt)
        let precision = try fixture.precision(at: 10)
        #expect(fixture.chancePrecision < 0.1)
        #expect(precision > 0.8, "precision@10 \(precision)")
    }

    /// Each side alone still finds the style well above chance: measured 0.95 for sound alone
    /// (styles overlap through artist and track noise), 0.99 for genres alone.
    @Test func soundAloneAndGenresAloneFindTheStyle() throws {
        let fixture = try IndexFixture()
        var config = try IndexFixture.config()
        config.sonicWeight = 1
        try fixture.build(config)
        let sonic = try fixture.precision(at: 10)
        config.sonicWeight = 0
        try fixture.build(config)
        let genre = try fixture.precision(at: 10)
        #expect(sonic > 0.6, "sound-only precision@10 \(sonic)")
        #expect(genre > 0.6, "genre-only precision@10 \(genre)")
    }

    @Test func pcaKeepsTheNeighbourhoods() throws {
        let fixture = try IndexFixture()
        try fixture.build(IndexFixture.config("index: {pca_variance: 0.9, whiten: true}"))
        let precision = try fixture.precision(at: 10)
        #expect(precision > 0.8, "precision@10 with PCA \(precision)")
    }

    @Test func twoBuildsGiveIdenticalNeighbours() throws {
        let first = try IndexFixture(tracks: 400, seed: 3)
        let second = try IndexFixture(tracks: 400, seed: 3)
        try first.build()
        try second.build()
        let rows = try first.neighbourRows()
        #expect(!rows.isEmpty)
        #expect(rows == (try second.neighbourRows()))
        try first.build(force: true)
        #expect(rows == (try first.neighbourRows()))
    }

    @Test func unchangedInputsAreANoOpAndChangesRebuild() throws {
        let fixture = try IndexFixture(tracks: 300)
        #expect(try fixture.build().state == .rebuilt)
        #expect(try fixture.build().state == .upToDate)
        #expect(try fixture.build(force: true).state == .rebuilt)

        try fixture.execute("INSERT INTO track_genres (track_id, genre, weight, source) VALUES (1, 'dub', 1, 'file')")
        #expect(try fixture.build().state == .rebuilt)
        #expect(try fixture.build().state == .upToDate)

        try fixture.execute("UPDATE sonic_features SET bpm = bpm + 1 WHERE track_id = 2")
        #expect(try fixture.build().state == .rebuilt)

        #expect(try fixture.build(IndexFixture.config("index: {sonic_weight: 0.5}")).state == .rebuilt)
        #expect(try fixture.build(IndexFixture.config("index: {sonic_weight: 0.5}")).state == .upToDate)

        let dryRun = try IndexBuilder(database: fixture.database, settings: IndexSettings(config: IndexFixture.config()))
            .run(dryRun: true)
        #expect(dryRun.state == .wouldRebuild)
    }

    @Test func tracksMissingFeaturesOrGenresGetNeighboursFromWhatTheyHave() throws {
        let fixture = try IndexFixture(tracks: 400)
        // Artist 3 loses its genres (album and track ones too), track 1 its features, and
        // track 2, of artist 3, both: it has nothing to be compared by.
        try fixture.execute("DELETE FROM artist_genres WHERE artist_id = 3")
        try fixture.execute("DELETE FROM album_genres WHERE album_id IN (SELECT album_id FROM tracks WHERE artist_id = 3)")
        try fixture.execute("DELETE FROM track_genres WHERE track_id IN (SELECT id FROM tracks WHERE artist_id = 3)")
        try fixture.execute("UPDATE tracks SET artist_id = 3, album_id = NULL WHERE id = 2")
        try fixture.execute("DELETE FROM track_genres WHERE track_id = 2")
        try fixture.execute("DELETE FROM sonic_features WHERE track_id IN (1, 2)")
        try fixture.build()
        let (noFeatures, noGenres, neither) = try fixture.database.pool.read { db in
            (Int64(1),
             try Int64.fetchOne(db, sql: """
                SELECT t.id FROM tracks t JOIN sonic_features f ON f.track_id = t.id WHERE t.artist_id = 3 ORDER BY t.id
                """),
             Int64?(2))
        }
        let index = try SimilarityIndex.load(database: fixture.database)
        let withoutFeatures = noFeatures
        let list = index.neighbours(of: withoutFeatures, limit: 10)
        #expect(list.count == 10)
        #expect(list.allSatisfy { $0.breakdown.sonic == nil && $0.breakdown.genre != nil })
        #expect(index.transitionScore(from: withoutFeatures, to: list[0].trackID) == nil)

        let withoutGenres = try #require(noGenres)
        let other = index.neighbours(of: withoutGenres, limit: 10)
        #expect(other.count == 10)
        #expect(other.allSatisfy { $0.breakdown.genre == nil && $0.breakdown.sonic != nil })
        let sameStyle = other.filter { fixture.library.trackStyles[$0.trackID] == fixture.library.trackStyles[withoutGenres] }
        #expect(sameStyle.count >= 6)

        let nothing = try #require(neither)
        #expect(!index.trackIDs.contains(nothing))
        #expect(index.neighbours(of: nothing, limit: 5).isEmpty)
        let stored = try fixture.database.pool.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM neighbours WHERE track_id = ? AND sonic_score IS NULL",
                             arguments: [withoutFeatures])
        }
        #expect(stored == 100)
    }

    @Test func emptyLibraryBuildsAnEmptyIndex() throws {
        let directory = try TemporaryDirectory()
        let database = try AppDatabase(path: directory.file("empty.db"))
        let report = try IndexBuilder(database: database, settings: IndexSettings(config: IndexFixture.config())).run()
        #expect(report.indexed == 0)
        let index = try SimilarityIndex.load(database: database)
        #expect(index.trackIDs.isEmpty)
        #expect(index.neighbours(ofSeeds: [1, 2], limit: 5).isEmpty)
    }

    @Test func loadingWithoutAnIndexFails() throws {
        let directory = try TemporaryDirectory()
        let database = try AppDatabase(path: directory.file("none.db"))
        #expect(throws: IndexError.self) { try SimilarityIndex.load(database: database) }
    }
}

@Suite struct SimilarArtistBoostTests {
    /// The genres stage may keep similar-artist lists; the index reads them when the table is there.
    @Test func similarArtistsAreBoosted() throws {
        let fixture = try IndexFixture(tracks: 300) { database in
            try database.pool.write { db in
                if try !db.tableExists("similar_artists") {
                    try db.execute(sql: "CREATE TABLE similar_artists (artist_id INTEGER, similar_artist_id INTEGER, match REAL)")
                }
            }
        }
        let (first, second) = try fixture.database.pool.read { db in
            (try Int64.fetchOne(db, sql: "SELECT id FROM tracks WHERE artist_id = 1 ORDER BY id")!,
             try Int64.fetchOne(db, sql: "SELECT id FROM tracks WHERE artist_id = 2 ORDER BY id")!)
        }
        try fixture.execute("INSERT INTO similar_artists (artist_id, similar_name, similar_artist_id, match, source) VALUES (2, 'Artist 1', 1, 80, 'lastfm')")
        try fixture.build(IndexFixture.config("index: {similar_artist_boost: 0.5}"))
        let index = try SimilarityIndex.load(database: fixture.database)
        // A match of 80 on a 0...100 scale is brought to 1; the list counts both ways.
        #expect(abs(index.similarity(first, second).artistBoost - 0.5) < 1e-6)
        #expect(abs(index.similarity(second, first).artistBoost - 0.5) < 1e-6)
        let artistTwo = try fixture.database.pool.read { db in
            Set(try Int64.fetchAll(db, sql: "SELECT id FROM tracks WHERE artist_id = 2"))
        }
        func bestRank(_ index: SimilarityIndex) -> Int {
            index.neighbours(of: first, limit: 100).firstIndex { artistTwo.contains($0.trackID) } ?? 100
        }
        let boosted = bestRank(index)
        #expect(index.neighbours(of: first, limit: 100)[boosted].breakdown.artistBoost > 0)

        try fixture.build(IndexFixture.config("index: {similar_artist_boost: 0}"))
        let plain = try SimilarityIndex.load(database: fixture.database)
        #expect(plain.similarity(first, second).artistBoost == 0)
        // The similar artist (another style here) climbs into the list.
        #expect(boosted < bestRank(plain))
    }
}
