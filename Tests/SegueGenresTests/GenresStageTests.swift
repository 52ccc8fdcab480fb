import Foundation
import GRDB
import SegueCore
@testable import SegueGenres
import SegueTestSupport
import Testing

@Suite struct GenresStageTests {
    @Test func knownArtistsAreFetchedHundredPerRequest() throws {
        let bed = try GenresTestBed(artists: 250, albumsPerArtist: 1)
        let outcome = try bed.run(GenresOptions(only: .artists))
        #expect(outcome.status == .ok)
        let requests = bed.services.requests(.musicbrainz)
        #expect(requests.count == 3)
        #expect(requests.allSatisfy { $0.path == "/ws/2/artist" && $0.query["limit"] == "100" && $0.query["query"]!.hasPrefix("arid:(") })
        #expect(try bed.count("SELECT COUNT(DISTINCT artist_id) FROM artist_genres WHERE source = 'musicbrainz'") == 250)
        #expect(try bed.count("SELECT COUNT(*) FROM genre_cache WHERE source = 'musicbrainz' AND kind = 'artist' AND status = 'found'") == 250)
        #expect(try bed.count("SELECT COUNT(*) FROM artist_genres WHERE genre = 'seen live'") == 0)
        #expect(requests.allSatisfy { $0.headers["user-agent"] == "Segue/0.1 ( tests@example.invalid )" })
        // One kept-alive connection carried them all.
        #expect(Set(requests.map(\.connection)).count == 1)
    }

    @Test func mergedMBIDsAreFollowedByLookup() throws {
        let bed = try GenresTestBed(artists: 3, albumsPerArtist: 0)
        try bed.database.pool.write { try $0.execute(sql: "UPDATE artists SET mb_artist_id = 'old-id' WHERE id = 2") }
        try bed.database.pool.write { try $0.execute(sql: "INSERT INTO artists (id, name, match_key, mb_artist_id) VALUES (9, 'Gone', 'gone', 'gone-id')") }
        bed.services.updateLibrary { $0.artists[1].mergedMBIDs = ["old-id"] }
        let outcome = try bed.run(GenresOptions(only: .artists))
        #expect(outcome.status == .ok)
        let paths = bed.services.requests(.musicbrainz).map(\.path)
        #expect(paths == ["/ws/2/artist", "/ws/2/artist/old-id", "/ws/2/artist/gone-id"])
        #expect(try bed.count("SELECT COUNT(*) FROM artists WHERE id = 2 AND mb_artist_id = '\(SyntheticGenreLibrary.mbid(1, 1))'") == 1)
        #expect(try bed.count("SELECT COUNT(*) FROM genre_cache WHERE entity_id = 2 AND status = 'found'") == 1)
        #expect(try bed.count("SELECT COUNT(*) FROM genre_cache WHERE entity_id = 9 AND status = 'not_found'") == 1)
    }

    @Test func secondRunMakesNoRequests() throws {
        let bed = try GenresTestBed(artists: 120, albumsPerArtist: 1)
        try bed.database.pool.write { try $0.execute(sql: "UPDATE albums SET mb_release_group_id = NULL WHERE id > 100") }
        let yaml = bed.yaml(lastfmKey: "k3y", lastfmRate: 400, lastfmUser: "alice", listenbrainzUser: "alice")
        bed.services.updateLibrary { $0.listens["alice"] = [.init(listenedAt: 1_700_000_000, artist: "Artist 3", title: "Song 0")] }
        let first = try bed.run(yaml: yaml)
        #expect(first.status == .ok)
        let before = bed.services.server.requests.count
        #expect(before > 0)
        let second = try bed.run(yaml: yaml)
        #expect(second.status == .ok)
        #expect(bed.services.server.requests.count == before)
        #expect(second.count("requests") == 0)
    }

    @Test func albumsByReleaseGroupAndByBrowse() throws {
        let bed = try GenresTestBed(artists: 150, albumsPerArtist: 2)
        // Half the albums lose their release-group MBID: they are found by browsing their artist.
        try bed.database.pool.write { try $0.execute(sql: "UPDATE albums SET mb_release_group_id = NULL WHERE id % 2 = 0") }
        let outcome = try bed.run(GenresOptions(only: .albums))
        #expect(outcome.status == .ok)
        let requests = bed.services.requests(.musicbrainz)
        #expect(requests.count { $0.query["query"]?.hasPrefix("rgid:(") == true } == 2)
        #expect(requests.count { $0.query["artist"] != nil } == 150)
        #expect(try bed.count("SELECT COUNT(DISTINCT album_id) FROM album_genres WHERE source = 'musicbrainz'") == 300)
        #expect(try bed.count("SELECT COUNT(*) FROM albums WHERE mb_release_group_id IS NULL") == 0)
    }

    @Test func rateLimitHoldsAtTheServer() throws {
        let rate = 20.0
        let bed = try GenresTestBed(artists: 40, albumsPerArtist: 1, withMBIDs: false)
        _ = try bed.run(GenresOptions(only: .artists), yaml: bed.yaml(musicbrainzRate: rate))
        let times = bed.services.requests(.musicbrainz).map(\.receivedAt.timeIntervalSince1970)
        #expect(times.count == 40)
        // No one-second window at the server holds more than the configured rate allows, plus
        // what may arrive within the time a request can wait in the server before it is
        // recorded: 31 of the 40 (an unlimited client sends all 40 within one window).
        let allowed = Int((1 + GenresTestBed.arrivalJitter) * rate) + 1
        let busiest = times.map { start in times.count { $0 >= start && $0 < start + 1 } }.max() ?? 0
        #expect(busiest <= allowed, "\(busiest) requests in one second, at most \(allowed) allowed at \(rate)/s")
    }

    @Test func artistsWithoutMBIDAreResolvedByName() throws {
        let bed = try GenresTestBed()
        try bed.database.pool.write { db in
            try db.execute(sql: "INSERT INTO artists (id, name, match_key) VALUES (1, 'Nirvana', 'nirvana'), (2, 'Björk', 'bjork'), (3, 'Nobody Knows', 'nobody knows')")
            try db.execute(sql: "INSERT INTO albums (id, title, album_artist, match_key, artist_id) VALUES (1, 'Nevermind', 'Nirvana', 'nirvana nevermind', 1)")
        }
        bed.services.updateLibrary { library in
            library.artists = [
                .init(name: "Nirvana", mbid: "nirvana-uk", disambiguation: "60s band from the UK", tags: [.init("psychedelic rock", 3)],
                      releaseGroups: [.init(id: "rg-uk", title: "The Story of Simon Simopath")]),
                .init(name: "Nirvana", mbid: "nirvana-us", disambiguation: "90s US grunge band", tags: [.init("grunge", 9)],
                      releaseGroups: [.init(id: "rg-us", title: "Nevermind", tags: [.init("grunge", 5)])]),
                .init(name: "Björk", mbid: "bjork", tags: [.init("art pop", 4), .init("electronic", 2)]),
            ]
        }
        let outcome = try bed.run()
        #expect(outcome.status == .ok)
        let mbids = try bed.database.pool.read { try String?.fetchAll($0, sql: "SELECT mb_artist_id FROM artists ORDER BY id") }
        #expect(mbids == ["nirvana-us", "bjork", nil])
        #expect(try bed.count("SELECT COUNT(*) FROM artist_genres WHERE artist_id = 1 AND genre = 'grunge'") == 1)
        #expect(try bed.count("SELECT COUNT(*) FROM genre_cache WHERE entity_id = 3 AND kind = 'artist' AND status = 'not_found'") == 1)
        // The album is matched within the release groups browsed to tell the namesakes apart.
        #expect(try bed.count("SELECT COUNT(*) FROM albums WHERE mb_release_group_id = 'rg-us'") == 1)
        #expect(try bed.count("SELECT COUNT(*) FROM album_genres WHERE album_id = 1 AND genre = 'grunge'") == 1)
    }

    @Test func serviceDownEndsTemporaryWithTheOthersDone() throws {
        let bed = try GenresTestBed(artists: 20, albumsPerArtist: 1)
        bed.services.setDown(.musicbrainz)
        let outcome = try bed.run(yaml: bed.yaml(lastfmKey: "k3y"))
        #expect(outcome.status == .temporary)
        #expect(outcome.summary.contains("MusicBrainz given up"))
        #expect((outcome.count("pending") ?? 0) >= 40)
        // Five failures in a row, then no more asking.
        #expect(bed.services.requests(.musicbrainz).count == 5)
        #expect(try bed.count("SELECT COUNT(*) FROM genre_cache WHERE source = 'musicbrainz'") == 0)
        #expect(try bed.count("SELECT COUNT(DISTINCT artist_id) FROM artist_genres WHERE source = 'lastfm'") == 20)
        bed.services.setDown(.musicbrainz, false)
        let rerun = try bed.run(yaml: bed.yaml(lastfmKey: "k3y"))
        #expect(rerun.status == .ok)
        #expect(try bed.count("SELECT COUNT(*) FROM genre_cache WHERE source = 'musicbrainz' AND status = 'found'") == 40)
    }

    @Test func lastfmWithoutKeyIsSkipped() throws {
        let bed = try GenresTestBed(artists: 3)
        let outcome = try bed.run()
        #expect(outcome.status == .ok)
        #expect(bed.services.requests(.lastfm).isEmpty)
    }

    @Test func lastfmTagsAndSimilarArtists() throws {
        let bed = try GenresTestBed(artists: 5, albumsPerArtist: 1)
        bed.services.updateLibrary { library in
            library.artists[0].lastfmTags = [.init("Hip-Hop", 100)]
            library.artists[0].similar = [.init(name: "Artist 1", match: 0.9), .init(name: "Elsewhere", mbid: "", match: 0.3)]
        }
        let outcome = try bed.run(yaml: bed.yaml(lastfmKey: "s3cret-key"))
        #expect(outcome.status == .ok)
        #expect(try bed.count("SELECT COUNT(*) FROM artist_genres WHERE artist_id = 1 AND source = 'lastfm' AND genre = 'hip hop' AND weight = 1") == 1)
        #expect(try bed.count("SELECT COUNT(*) FROM similar_artists WHERE artist_id = 1") == 2)
        #expect(try bed.count("SELECT COUNT(*) FROM similar_artists WHERE artist_id = 1 AND similar_artist_id = 2 AND similar_mbid IS NULL") == 1)
        #expect(bed.services.requests(.lastfm).allSatisfy { $0.query["api_key"] == "s3cret-key" })
    }

    @Test func recordedLastfmResponsesAreReplayed() throws {
        let bed = try GenresTestBed()
        try bed.database.pool.write { db in
            try db.execute(sql: "INSERT INTO artists (id, name, match_key) VALUES (1, 'Guns N'' Roses', 'guns n roses'), (2, 'U2', 'u2'), (3, 'INXS', 'inxs')")
        }
        let outcome = try bed.run(GenresOptions(only: .artists), yaml: bed.yaml(lastfmKey: "k3y"))
        #expect(outcome.status == .ok)
        let genres = try bed.database.pool.read {
            try String.fetchAll($0, sql: "SELECT genre FROM artist_genres WHERE artist_id = 1 AND source = 'lastfm' ORDER BY weight DESC, genre")
        }
        #expect(genres.first == "hard rock")
        #expect(genres.contains("heavy metal") && !genres.contains("seen live") && !genres.contains("80s"))
        #expect(try bed.count("SELECT COUNT(*) FROM similar_artists WHERE artist_id = 2") == 2)
        #expect(try bed.count("SELECT COUNT(*) FROM similar_artists WHERE artist_id = 2 AND similar_name = 'INXS' AND similar_artist_id = 3") == 1)
    }

    @Test func dryRunCountsWithoutFetching() throws {
        let bed = try GenresTestBed(artists: 2_100, albumsPerArtist: 0)
        let outcome = try bed.run(GenresOptions(dryRun: true), yaml: bed.yaml(musicbrainzRate: 1))
        #expect(outcome.count("requests_musicbrainz") == 21)
        #expect(outcome.count("seconds") == 23)
        #expect(bed.services.server.requests.isEmpty)
        #expect(try bed.count("SELECT COUNT(*) FROM genre_cache") == 0)
    }

    @Test func limitAndRefresh() throws {
        let bed = try GenresTestBed(artists: 10, albumsPerArtist: 0)
        _ = try bed.run(GenresOptions(limit: 4, only: .artists))
        #expect(try bed.count("SELECT COUNT(*) FROM genre_cache") == 4)
        _ = try bed.run(GenresOptions(only: .artists))
        #expect(try bed.count("SELECT COUNT(*) FROM genre_cache") == 10)
        let before = bed.services.server.requests.count
        _ = try bed.run(GenresOptions(refresh: true, only: .artists))
        #expect(bed.services.server.requests.count == before + 1)
    }

    @Test func expiredEntriesAreFetchedAgain() throws {
        let bed = try GenresTestBed(artists: 10, albumsPerArtist: 0)
        _ = try bed.run(GenresOptions(only: .artists))
        let before = bed.services.server.requests.count
        _ = try bed.run(GenresOptions(only: .artists), now: Date().addingTimeInterval(37 * 86_400))
        #expect(bed.services.server.requests.count == before + 1)
    }

    @Test func fileTagsAreNormalizedAndRolledUp() throws {
        let bed = try GenresTestBed(artists: 1, albumsPerArtist: 2)
        try bed.database.pool.write { db in
            try db.execute(sql: """
                INSERT INTO track_genres (track_id, genre, weight, source) VALUES
                (1, 'Hip-Hop/Rap', 1, 'file'), (1, 'Seen Live', 1, 'file'), (2, 'hip hop', 1, 'file'), (2, 'Jazz', 1, 'file')
                """)
        }
        services(bed, down: true)
        _ = try bed.run(GenresOptions(only: .artists))
        let tracks = try bed.database.pool.read { try String.fetchAll($0, sql: "SELECT track_id || ':' || genre FROM track_genres ORDER BY 1") }
        #expect(tracks == ["1:hip hop", "2:hip hop", "2:jazz"])
        let artist = try bed.database.pool.read {
            try Row.fetchAll($0, sql: "SELECT genre, weight FROM artist_genres WHERE source = 'file' ORDER BY genre").map { "\($0["genre"] as String)=\($0["weight"] as Double)" }
        }
        #expect(artist == ["hip hop=1.0", "jazz=0.5"])
        #expect(try bed.count("SELECT COUNT(*) FROM album_genres WHERE source = 'file'") == 3)
        #expect(try bed.count("SELECT COUNT(*) FROM genre_parents WHERE genre = 'gangsta rap' AND parent = 'hip hop'") == 1)

        // The files' own text was kept: a tag configured later is found in it, and a rescan
        // of a changed file replaces it.
        _ = try bed.run(GenresOptions(only: .artists), yaml: bed.yaml(extraTags: ["seen live"]))
        #expect(try bed.count("SELECT COUNT(*) FROM track_genres WHERE track_id = 1 AND genre = 'seen live'") == 1)
        try bed.database.pool.write { db in
            try db.execute(sql: "UPDATE tracks SET mtime = 99 WHERE id = 2")
            try db.execute(sql: "DELETE FROM track_genres WHERE track_id = 2")
            try db.execute(sql: "INSERT INTO track_genres (track_id, genre, weight, source) VALUES (2, 'Drum''n''Bass', 1, 'file')")
        }
        _ = try bed.run(GenresOptions(only: .artists))
        let after = try bed.database.pool.read { try String.fetchAll($0, sql: "SELECT track_id || ':' || genre FROM track_genres ORDER BY 1") }
        #expect(after == ["1:hip hop", "2:drum and bass"])
    }

    private func services(_ bed: GenresTestBed, down: Bool) {
        for service in FixtureServices.Service.allCases { bed.services.setDown(service, down) }
    }
}
