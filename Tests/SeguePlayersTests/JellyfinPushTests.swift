import Foundation
import GRDB
import Logging
import SegueCore
import SeguePlayers
import SegueTestSupport
import Testing

/// Pushes to Jellyfin, against the fixture replaying its API's shapes (from its OpenAPI
/// description; no Jellyfin server installs here): items found by their server path through
/// `path_map`, a playlist created once then refilled in place, and deleted when dropped.
struct JellyfinPushTests {
    @Test func createsReplacesAndDeletes() throws {
        let folder = try TemporaryDirectory(prefix: "segue-jellyfin")
        let database = try AppDatabase(path: folder.file("segue.db"))
        var items: [JellyfinFixture.Item] = []
        try database.pool.write { db in
            for number in 1...12 {
                try db.execute(sql: """
                    INSERT INTO tracks (id, path, size, mtime, title, artist, album, duration_ms, content_changed_at)
                    VALUES (?, ?, 1, 0, ?, 'Artist', 'Album', 180000, ?)
                    """, arguments: [number, "/srv/music/Artist/Album/\(number).flac", "Song \(number)", Date()])
                items.append(.init(id: String(format: "%032x", 1000 + number), name: "Song \(number)", album: "Album", artist: "Artist",
                                   path: "/media/music/Artist/Album/\(number).flac", seconds: 180))
            }
        }
        let server = try JellyfinFixture(items: items, apiKey: "k3y", user: "ada")
        let config = try SegueConfig.parse(yaml: """
            library: {music_dirs: [/srv/music]}
            players:
              jellyfin:
                - {name: Jellyfin, base_url: '\(server.baseURL)', api_key: k3y, user: ada, path_map: [{from: /srv/music, to: /media/music}]}
            """, filePath: nil, environment: [:])
        let push = PlayerPush(config: config, database: database, logger: Logger(label: "test"))

        let first = try push.run([PlayerPlaylist(name: "Evening", comment: "c", trackIDs: [3, 1, 2])], removeUndefined: true, dryRun: false)
        #expect(first[0].created == 1, "\(first[0].line)")
        let created = try #require(server.playlists.first)
        #expect(created.itemIDs == [3, 1, 2].map { String(format: "%032x", 1000 + $0) })
        #expect(created.userID == JellyfinFixture.userID)

        let second = try push.run([PlayerPlaylist(name: "Evening", comment: "c", trackIDs: [5, 6])], removeUndefined: true, dryRun: false)
        #expect(second[0].replaced == 1, "\(second[0].line)")
        #expect(server.playlists.map(\.id) == [created.id])
        #expect(server.playlists[0].itemIDs == [5, 6].map { String(format: "%032x", 1000 + $0) })
        // Library unchanged: the count and the items saved since, no full listing.
        let listings = server.server.requests.filter { $0.path == "/Items" }
        #expect(listings.count == 4)

        let third = try push.run([], removeUndefined: true, dryRun: false)
        #expect(third[0].deleted == 1)
        #expect(server.playlists.isEmpty)
    }
}
