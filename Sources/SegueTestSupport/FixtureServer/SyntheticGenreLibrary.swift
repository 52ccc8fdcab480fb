import Foundation
import GRDB
import SegueCore

/// Libraries for the genre stage's tests and benchmarks, written straight into the database
/// (no audio): artists, albums and one track per album, and the `FixtureLibrary` the
/// simulated services answer for.
public enum SyntheticGenreLibrary {
    /// A deterministic MBID-shaped id for `index` of `kind`.
    public static func mbid(_ kind: Int, _ index: Int) -> String {
        String(format: "%08x-0000-4000-8%03x-%012x", index, kind, index)
    }

    /// Writes `artists` artists (with MBIDs when `withArtistMBIDs`) and `albumsPerArtist`
    /// albums each (with release-group MBIDs when `withReleaseGroupMBIDs`).
    @discardableResult
    public static func populate(_ database: AppDatabase, artists: Int, albumsPerArtist: Int,
                                withArtistMBIDs: Bool = true, withReleaseGroupMBIDs: Bool = true) throws -> FixtureLibrary {
        var library = FixtureLibrary()
        try database.pool.write { db in
            for index in 0..<artists {
                let name = "Artist \(index)"
                let artistMBID = mbid(1, index)
                try db.execute(sql: "INSERT INTO artists (name, match_key, mb_artist_id) VALUES (?, ?, ?)",
                               arguments: [name, MatchKey.make(name), withArtistMBIDs ? artistMBID : nil])
                let artistID = db.lastInsertedRowID
                var groups: [FixtureLibrary.ReleaseGroup] = []
                for albumIndex in 0..<albumsPerArtist {
                    let title = "Album \(albumIndex) of \(name)"
                    let groupMBID = mbid(2, index * 100 + albumIndex)
                    groups.append(.init(id: groupMBID, title: title, tags: FixtureLibrary.tags(seed: title)))
                    try db.execute(sql: """
                        INSERT INTO albums (title, album_artist, match_key, artist_id, mb_release_group_id) VALUES (?, ?, ?, ?, ?)
                        """, arguments: [title, name, "\(MatchKey.make(name))\u{1F}\(MatchKey.make(title))", artistID,
                                         withReleaseGroupMBIDs ? groupMBID : nil])
                    let albumID = db.lastInsertedRowID
                    try db.execute(sql: """
                        INSERT INTO tracks (path, size, mtime, title, artist, album_artist, album, artist_id, album_id, content_changed_at)
                        VALUES (?, 1, 0, ?, ?, ?, ?, ?, ?, ?)
                        """, arguments: ["/music/\(index)/\(albumIndex).flac", "Song \(albumIndex)", name, name, title,
                                         artistID, albumID, Date(timeIntervalSince1970: 0)])
                }
                library.artists.append(.init(name: name, mbid: artistMBID, tags: FixtureLibrary.tags(seed: name),
                                             releaseGroups: groups,
                                             similar: [.init(name: "Artist \((index + 1) % max(artists, 1))", match: 0.8)]))
            }
        }
        return library
    }

    /// What the simulated services know about a library database's artists and albums:
    /// its MBIDs where it has them (made up where not), and made-up tags.
    public static func fixtureLibrary(from database: AppDatabase) throws -> FixtureLibrary {
        try database.pool.read { db in
            var albumsByArtist: [Int64: [FixtureLibrary.ReleaseGroup]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, title, artist_id, mb_release_group_id FROM albums WHERE artist_id IS NOT NULL") {
                let title: String = row["title"]
                let id: String = row["mb_release_group_id"] ?? mbid(3, Int(row["id"] as Int64))
                albumsByArtist[row["artist_id"], default: []].append(.init(id: id, title: title, tags: FixtureLibrary.tags(seed: title)))
            }
            let rows = try Row.fetchAll(db, sql: "SELECT id, name, mb_artist_id FROM artists ORDER BY id")
            let names: [String] = rows.map { $0["name"] }
            return FixtureLibrary(artists: rows.enumerated().map { index, row in
                let id: Int64 = row["id"]
                let name: String = row["name"]
                return FixtureLibrary.Artist(name: name, mbid: row["mb_artist_id"] ?? mbid(4, Int(id)),
                                             tags: FixtureLibrary.tags(seed: name), releaseGroups: albumsByArtist[id] ?? [],
                                             similar: [.init(name: names[(index + 1) % names.count], match: 0.8)])
            })
        }
    }
}
