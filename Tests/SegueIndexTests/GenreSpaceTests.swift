import Foundation
import GRDB
import SegueCore
import SegueTestSupport
import Testing
@testable import SegueIndex

@Suite struct GenreSpaceTests {
    /// On the synthetic library post-punk and new wave share artists, post-punk and trance never do.
    @Test func coOccurringGenresAreNearAndOthersFar() throws {
        let fixture = try IndexFixture()
        try fixture.build()
        let index = try SimilarityIndex.load(database: fixture.database)
        let near = index.genreSimilarity("post-punk", "new wave")
        let far = index.genreSimilarity("Post-Punk", "trance")
        #expect(near > 0.3, "post-punk ~ new wave \(near)")
        #expect(far < 0.05, "post-punk ~ trance \(far)")
        #expect(index.genreSimilarity("post punk", "POST-PUNK") == 1)
        #expect(index.relatedGenres("post-punk").first?.genre == "new wave"
            || index.relatedGenres("post-punk").first?.genre == "gothic rock")
    }

    /// A track tagged only post-punk lies nearer a track tagged only new wave than one tagged
    /// only trance: smoothing carries a genre's weight to its relatives.
    @Test func trackGenresAreSmoothedThroughRelatedness() throws {
        let fixture = try IndexFixture()
        let ids = try fixture.database.pool.write { db -> [Int64] in
            let base = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM tracks")! + 1
            for (offset, genre) in ["post-punk", "new wave", "trance"].enumerated() {
                let id = base + Int64(offset)
                try db.execute(sql: """
                    INSERT INTO tracks (id, path, size, mtime, content_changed_at) VALUES (?, ?, 1, 0, CURRENT_TIMESTAMP)
                    """, arguments: [id, "/lone/\(id).flac"])
                try db.execute(sql: "INSERT INTO track_genres (track_id, genre, weight, source) VALUES (?, ?, 1, 'file')",
                               arguments: [id, genre])
            }
            return [base, base + 1, base + 2]
        }
        try fixture.build()
        let index = try SimilarityIndex.load(database: fixture.database)
        let postPunkNewWave = try #require(index.similarity(ids[0], ids[1]).genre)
        let postPunkTrance = try #require(index.similarity(ids[0], ids[2]).genre)
        #expect(postPunkNewWave > 0.3, "post-punk track ~ new wave track \(postPunkNewWave)")
        #expect(postPunkNewWave > postPunkTrance + 0.3, "post-punk track ~ trance track \(postPunkTrance)")
        #expect(index.similarity(ids[0], ids[1]).sonic == nil)
    }

    /// With a genre tree, siblings that never co-occur are related through their parent.
    @Test func parentsRelateGenresThatNeverMeet() throws {
        let inputs = IndexInputs(
            tracks: [.init(id: 1, artistID: nil, albumID: nil), .init(id: 2, artistID: nil, albumID: nil),
                     .init(id: 3, artistID: nil, albumID: nil)],
            featureVersion: nil, featureDimension: 0,
            trackGenres: [.init(owner: 1, genre: "shoegaze", weight: 1, source: "file"),
                          .init(owner: 2, genre: "dream pop", weight: 1, source: "file"),
                          .init(owner: 3, genre: "gabber", weight: 1, source: "file")],
            albumGenres: [], artistGenres: [],
            genreParents: [("shoegaze", "alternative rock"), ("dream pop", "alternative rock"), ("gabber", "hardcore techno")],
            similarArtists: [])
        let config = try IndexFixture.config()
        let space = GenreSpace(inputs: inputs, settings: IndexSettings(config: config))
        let id = { (name: String) in space.names.firstIndex(of: name)! }
        let siblings = space.similarity(id("shoegaze"), id("dream pop"))
        #expect(abs(siblings - Float(config.genreParentDecay * config.genreParentDecay)) < 1e-6)
        #expect(space.similarity(id("shoegaze"), id("alternative rock")) == Float(config.genreParentDecay))
        #expect(space.similarity(id("shoegaze"), id("gabber")) == 0)
        // "hardcore techno" ends with "techno": an implicit parent only when the library knows "techno".
        #expect(!space.names.contains("techno"))
    }

    @Test func levelsAndSourcesAreWeighted() throws {
        let tags: [IndexInputs.GenreTag] = [
            .init(owner: 1, genre: "Rock", weight: 100, source: "lastfm"),
            .init(owner: 1, genre: "punk", weight: 50, source: "lastfm"),
            .init(owner: 1, genre: "punk", weight: 2, source: "musicbrainz"),
            .init(owner: 1, genre: "ska", weight: 3, source: "ignored"),
        ]
        var sources = try IndexFixture.config().genreSources
        sources.other = 0
        let ids = ["punk": 0, "rock": 1, "ska": 2]
        let profile = try #require(GenreSpace.profiles(tags, ids: ids, sources: sources)[1])
        #expect(profile.map(\.genre) == [0, 1])
        // punk: the MusicBrainz vote is its source's maximum, trusted 0.9, beating Last.fm's 0.5 × 0.7.
        #expect(abs(profile[0].weight - 0.9) < 1e-6)
        #expect(abs(profile[1].weight - 0.7) < 1e-6)
    }

    @Test func genreNamesAreCanonical() {
        #expect(GenreName.normalize("  Post-Punk ") == "post punk")
        #expect(GenreName.normalize("Drum & Bass") == "drum and bass")
        #expect(GenreName.normalize("hip_hop") == "hip hop")
        #expect(GenreName.suffixes(of: "east coast hip hop") == ["coast hip hop", "hip hop", "hop"])
    }
}
