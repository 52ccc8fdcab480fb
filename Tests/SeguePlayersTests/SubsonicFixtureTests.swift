import Foundation
import GRDB
import Logging
import SegueCore
import SegueHTTP
@testable import SeguePlayers
import SegueTestSupport
import Testing

/// What Supysonic cannot show: an OpenSubsonic server announcing `formPost` gets form POSTs,
/// salted tokens are accepted, and a night with nothing changed costs one library check and
/// nothing else, a comment is sent only when it changed; when the library moves, it is listed
/// again and new songs map.
struct SubsonicFixtureTests {
    let folder: TemporaryDirectory
    let database: AppDatabase
    let songs: [SubsonicFixture.Song]

    init() throws {
        folder = try TemporaryDirectory(prefix: "segue-subsonic-fixture")
        database = try AppDatabase(path: folder.file("segue.db"))
        songs = (1...40).map(Self.song)
        // Track 40 is known to the server only by its tags (another path there).
        try Self.addTracks(1...40, to: database) { $0 == 40 ? "/music/Elsewhere/40.flac" : "/music/\(Self.song($0).path)" }
    }

    static func song(_ number: Int) -> SubsonicFixture.Song {
        SubsonicFixture.Song(id: "s\(number)", path: "Artist \(number % 4)/Album/\(number).flac", artist: "Artist \(number % 4)",
                             album: "Album", title: "Song \(number)", seconds: 200 + number)
    }

    static func addTracks(_ numbers: ClosedRange<Int>, to database: AppDatabase, path: (Int) -> String) throws {
        let rows = numbers.map { ($0, path($0)) }
        try database.pool.write { db in
            for (number, path) in rows {
                try db.execute(sql: """
                    INSERT INTO tracks (id, path, size, mtime, title, artist, album, duration_ms, content_changed_at)
                    VALUES (?, ?, 1, 0, ?, ?, 'Album', ?, ?)
                    """, arguments: [number, path, "Song \(number)", "Artist \(number % 4)", (200 + number) * 1000, Date()])
            }
        }
    }

    func push(_ server: SubsonicFixture, _ playlists: [PlayerPlaylist], dryRun: Bool = false, auth: String = "token") throws -> [PushOutcome] {
        let config = try SegueConfig.parse(yaml: """
            library: {music_dirs: [/music]}
            players:
              subsonic:
                - {name: Fixture, base_url: '\(server.baseURL)', user: segue, password: '\(server.password)', auth: \(auth)}
            """, filePath: nil, environment: [:])
        return try PlayerPush(config: config, database: database, logger: Logger(label: "test")).run(playlists, removeUndefined: true, dryRun: dryRun)
    }

    @Test func formPostTokensAndQuietNights() throws {
        let server = try SubsonicFixture(songs: songs)
        server.addUserPlaylist(name: "Road trip", songIDs: ["s1"])
        let night = [PlayerPlaylist(name: "A", comment: "Segue: A", trackIDs: Array(1...30)),
                     PlayerPlaylist(name: "B", comment: "Segue: B", trackIDs: [40, 2, 99])]

        let planned = try push(server, night, dryRun: true)
        #expect(planned.map(\.line) == ["Fixture: would push 2 playlists (2 new, 0 replaced, 0 unchanged)"])
        #expect(server.server.requests.isEmpty)

        let first = try push(server, night)
        #expect(first[0].created == 2)
        // Track 99 is not in Segue's library at all: one unknown entry, not fatal.
        #expect(first[0].unknownTracks == 1)
        let pushed = server.playlists
        #expect(pushed.map(\.name) == ["A", "B", "Road trip"])
        #expect(pushed[0].songIDs == (1...30).map { "s\($0)" })
        #expect(pushed[1].songIDs == ["s40", "s2"])
        #expect(pushed.map(\.comment) == ["Segue: A", "Segue: B", ""])
        let creations = server.server.requests.filter { $0.path == "/rest/createPlaylist.view" }
        #expect(creations.allSatisfy { $0.method == "POST" && $0.target == "/rest/createPlaylist.view" })
        #expect(creations.allSatisfy { $0.values("t").count == 1 && $0.values("p").isEmpty })

        // The same night again: one library check, nothing else.
        let before = server.server.requests.count
        let quiet = try push(server, night)
        #expect(quiet[0].unchanged == 2)
        #expect(server.server.requests.count - before == 1)
        // A dry run tells the unchanged from the replaced, as the push does, without asking.
        let replanned = try push(server, night.enumerated().map { index, playlist in
            index == 0 ? playlist : PlayerPlaylist(name: playlist.name, comment: playlist.comment, trackIDs: [2, 40])
        }, dryRun: true)
        #expect(replanned.map(\.line) == ["Fixture: would push 2 playlists (0 new, 1 replaced, 1 unchanged)"])
        #expect(server.server.requests.count - before == 1)

        // The next night, library unchanged, same purposes: one check, then a replacement per
        // playlist; the comments, unchanged, are not sent again.
        let next = night.map { PlayerPlaylist(name: $0.name, comment: $0.comment, trackIDs: $0.trackIDs.reversed()) }
        let start = server.server.requests.count
        let replaced = try push(server, next)
        #expect(replaced[0].replaced == 2)
        #expect(server.server.requests.dropFirst(start).map(\.path) == ["/rest/getIndexes.view"] + Array(repeating: "/rest/createPlaylist.view", count: 2))
        #expect(server.playlists.map(\.id) == pushed.map(\.id))
        #expect(server.playlists[0].songIDs == (1...30).reversed().map { "s\($0)" })
        #expect(server.playlists.map(\.comment) == ["Segue: A", "Segue: B", ""])

        // B's purpose changed, its songs did not: its comment alone is sent.
        var renamed = next
        renamed[1].comment = "Segue: B, grown anew"
        let described = server.server.requests.count
        #expect(try push(server, renamed)[0].replaced == 1)
        let sent = server.server.requests.dropFirst(described)
        #expect(sent.map(\.path) == ["/rest/getIndexes.view", "/rest/updatePlaylist.view"])
        #expect(sent.last?.values("comment") == ["Segue: B, grown anew"] && sent.last?.values("songIdToAdd") == [])
        #expect(server.playlists[1].comment == "Segue: B, grown anew" && server.playlists[1].songIDs == ["s2", "s40"])

        // A rescan adding a song: listed again, the new song maps.
        server.touchLibrary { $0.append(.init(id: "s99", path: "Artist 1/Album/99.flac", artist: "Artist 1", album: "Album", title: "New", seconds: 100)) }
        try database.pool.write { db in
            try db.execute(sql: """
                INSERT INTO tracks (id, path, size, mtime, title, artist, album, duration_ms, content_changed_at)
                VALUES (99, '/music/Artist 1/Album/99.flac', 1, 0, 'New', 'Artist 1', 'Album', 100000, ?)
                """, arguments: [Date()])
        }
        let rescanned = try push(server, renamed)
        #expect(rescanned[0].unknownTracks == 0)
        #expect(server.playlists[1].songIDs == ["s99", "s2", "s40"])

        // Only what Segue made is deleted; the user's playlist stays.
        _ = try push(server, [])
        #expect(server.playlists.map(\.name) == ["Road trip"])
    }

    @Test func plainSubsonicGetsGETsAndThePasswordForm() throws {
        let server = try SubsonicFixture(songs: songs, openSubsonic: false)
        let outcome = try push(server, [PlayerPlaylist(name: "A", comment: "c", trackIDs: [1, 2, 3])], auth: "password")
        #expect(outcome[0].created == 1, "\(outcome[0].line)")
        let requests = server.server.requests
        #expect(requests.allSatisfy { $0.method == "GET" && $0.values("p").first?.hasPrefix("enc:") == true && $0.values("t").isEmpty })
        #expect(!requests.contains { $0.path.contains("getOpenSubsonicExtensions") })
    }

    @Test func aLongListWithoutFormPostTakesTheCommentOnItsFirstAddition() throws {
        try Self.addTracks(41...400, to: database) { "/music/\(Self.song($0).path)" }
        let server = try SubsonicFixture(songs: songs + (41...400).map(Self.song), openSubsonic: false)
        let outcome = try push(server, [PlayerPlaylist(name: "Long", comment: "Segue: long", trackIDs: Array(1...400))], auth: "password")
        #expect(outcome[0].created == 1, "\(outcome[0].line)")
        // Too long for one GET: createPlaylist takes the first songs, one updatePlaylist the
        // rest and the comment with them.
        let additions = server.server.requests.filter { $0.path == "/rest/updatePlaylist.view" }
        #expect(additions.count == 1)
        #expect(additions.first?.values("comment") == ["Segue: long"])
        #expect(additions.first.map { !$0.values("songIdToAdd").isEmpty } == true)
        #expect(server.playlists[0].songIDs == (1...400).map { "s\($0)" })
        #expect(server.playlists[0].comment == "Segue: long")
    }

    @Test func aServerWhoseEmptySearchFindsNothingIsListedByAlbum() throws {
        let server = try SubsonicFixture(songs: songs, emptySearchFindsNothing: true)
        let outcome = try push(server, [PlayerPlaylist(name: "A", comment: "c", trackIDs: [1, 2, 40])])
        #expect(outcome[0].created == 1 && outcome[0].unknownTracks == 0, "\(outcome[0].line)")
        #expect(server.playlists[0].songIDs == ["s1", "s2", "s40"])
        #expect(server.server.requests.filter { $0.path == "/rest/getAlbum.view" }.count == 1)
    }

    @Test func secretsNeverReachAMessage() {
        let url = "http://h/rest/ping.view?u=me&t=abc&s=salt&p=enc:736563726574&apiKey=k3y&v=1.16.1"
        let shown = SegueHTTP.HTTPClient.redact(url)
        for secret in ["abc", "salt", "736563726574", "k3y"] { #expect(!shown.contains(secret)) }
        #expect(shown.contains("u=me") && shown.contains("v=1.16.1"))
        // md5("sesame" + "c19b2d") as the Subsonic API documents it.
        #expect(SubsonicAuth.token(user: "joe", password: "sesame").parameters(salt: "c19b2d").map(\.1) == ["joe", "26719a1196d2a940705a59634eb18eab", "c19b2d"])
        #expect(SubsonicAuth.password(user: "joe", password: "sesame").parameters().map(\.1) == ["joe", "enc:736573616d65"])
    }
}
