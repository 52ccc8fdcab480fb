import Foundation
import GRDB
import SegueCore
@testable import SegueGenres
import SegueTestSupport
import Testing

@Suite struct HistoryTests {
    let matcher = HistoryMatcher(tracks: [
        .init(id: 1, title: "Jóga", artist: "Björk"),
        .init(id: 2, title: "Paranoid Android", artist: "Radiohead", recordingMBID: "rec-pa"),
        .init(id: 3, title: "Hey Jude", artist: "The Beatles"),
        .init(id: 4, title: "Empire State of Mind", artist: "Jay-Z feat. Alicia Keys"),
        .init(id: 5, title: "The Boxer", artist: "Simon & Garfunkel"),
        .init(id: 6, title: "Everything In Its Right Place", artist: "Radiohead"),
        .init(id: 7, title: "Lose Yourself", artist: "Eminem"),
    ], threshold: 0.85)

    @Test(arguments: [
        ("Radiohead", "Something Else", "rec-pa", Int64(2), HistoryMatcher.Method.mbid),
        ("Bjork", "Joga", nil, 1, .exact),
        ("BJÖRK", "jóga", nil, 1, .exact),
        ("Beatles, The", "Hey Jude", nil, 3, .exact),
        ("Beatles", "Hey Jude", nil, 3, .exact),
        ("Simon and Garfunkel", "The Boxer", nil, 5, .exact),
        ("Jay-Z", "Empire State of Mind", nil, 4, .artistVariant),
        ("Jay-Z & Alicia Keys", "Empire State of Mind", nil, 4, .artistVariant),
        ("Radiohead", "Paranoid Android (Remastered)", nil, 2, .artistVariant),
        ("Radiohead", "Everything in Its Right Place - Live", nil, 6, .artistVariant),
        ("Radiohed", "Everything In Its Rigth Place", nil, 6, .fuzzy),
    ] as [(String, String, String?, Int64, HistoryMatcher.Method)])
    func trickyNamesMatch(_ artist: String, _ title: String, _ mbid: String?, _ track: Int64, _ method: HistoryMatcher.Method) {
        let found = matcher.match(artist: artist, title: title, recordingMBID: mbid)
        #expect(found?.track == track)
        #expect(found?.method == method)
    }

    @Test func differentSongsDoNotMatch() {
        #expect(matcher.match(artist: "Radiohead", title: "Creep", recordingMBID: nil) == nil)
        #expect(matcher.match(artist: "Eminem", title: "Stan", recordingMBID: nil) == nil)
        #expect(matcher.match(artist: "Beach Boys", title: "Hey Jude", recordingMBID: "unknown") == nil)
    }

    @Test func historyIsFetchedSinceTheLastFetchAndMatched() throws {
        let bed = try GenresTestBed()
        try bed.database.pool.write { db in
            try db.execute(sql: """
                INSERT INTO tracks (id, path, size, mtime, title, artist, content_changed_at) VALUES
                (1, '/m/1.flac', 1, 0, 'Jóga', 'Björk', 0), (2, '/m/2.flac', 1, 0, 'Hey Jude', 'The Beatles', 0)
                """)
        }
        let old = (0..<450).map { FixtureLibrary.Listen(listenedAt: 1_600_000_000 + $0 * 60, artist: $0 % 2 == 0 ? "Bjork" : "Beatles, The",
                                                        title: $0 % 2 == 0 ? "Joga" : "Hey Jude") }
        bed.services.updateLibrary { library in
            library.listens["alice"] = old + [.init(listenedAt: 1_700_000_000, artist: "Nobody", title: "Unknown Song")]
        }
        let yaml = bed.yaml(lastfmKey: "k3y", lastfmUser: "alice", listenbrainzUser: "alice", minIntervalMinutes: 0)
        let outcome = try bed.run(GenresOptions(only: .history), yaml: yaml)
        #expect(outcome.status == .ok)
        #expect(try bed.count("SELECT COUNT(*) FROM listens WHERE source = 'lastfm'") == 451)
        #expect(try bed.count("SELECT COUNT(*) FROM listens WHERE source = 'listenbrainz'") == 451)
        #expect(bed.services.requests(.lastfm).count == 3)
        #expect(try bed.count("SELECT COUNT(*) FROM listens WHERE track_id IS NULL") == 2)
        #expect(try bed.count("SELECT COUNT(*) FROM listens WHERE track_id = 1 AND match_method = 'exact'") == 450)

        // Only what is new since is asked for; the unmatched listen matches once its track arrives.
        bed.services.updateLibrary { $0.listens["alice"]!.append(.init(listenedAt: 1_700_000_600, artist: "Björk", title: "Jóga")) }
        try bed.database.pool.write { db in
            try db.execute(sql: "INSERT INTO tracks (id, path, size, mtime, title, artist, content_changed_at) VALUES (3, '/m/3.flac', 1, 0, 'Unknown Song', 'Nobody', 0)")
        }
        _ = try bed.run(GenresOptions(only: .history), yaml: yaml)
        let lastfm = bed.services.requests(.lastfm)
        #expect(lastfm.count == 4)
        #expect(lastfm.last?.query["from"] == "1700000000")
        #expect(bed.services.requests(.listenbrainz).last?.query["min_ts"] == "1700000000")
        #expect(try bed.count("SELECT COUNT(*) FROM listens") == 904)
        #expect(try bed.count("SELECT COUNT(*) FROM listens WHERE track_id IS NULL") == 0)
    }

    @Test func historyIsNotAskedAgainWithinTheInterval() throws {
        let bed = try GenresTestBed()
        bed.services.updateLibrary { $0.listens["bob"] = [.init(listenedAt: 1_700_000_000, artist: "A", title: "B")] }
        let yaml = bed.yaml(listenbrainzUser: "bob")
        _ = try bed.run(yaml: yaml)
        _ = try bed.run(yaml: yaml)
        #expect(bed.services.requests(.listenbrainz).count == 1)
    }
}
