import Foundation
import GRDB
import SegueCore

/// A Subsonic-shaped server on loopback, for tests of what a real one cannot show cheaply
/// (OpenSubsonic's `formPost`, token checks, request counts) and for the 30,000-song bench,
/// which Supysonic would take long to scan. It answers as the Subsonic API documents (JSON,
/// `subsonic-response`), in the shapes Supysonic 0.7.9 and Navidrome answer; the real-server
/// correctness test is against Supysonic.
public final class SubsonicFixture: @unchecked Sendable {
    public struct Song: Sendable {
        public var id: String
        public var path: String
        public var artist: String
        public var album: String
        public var title: String
        public var seconds: Int

        public init(id: String, path: String, artist: String, album: String, title: String, seconds: Int) {
            self.id = id
            self.path = path
            self.artist = artist
            self.album = album
            self.title = title
            self.seconds = seconds
        }
    }

    public struct Playlist: Sendable {
        public var id: String
        public var name: String
        public var owner: String
        public var comment: String
        public var songIDs: [String]
    }

    private final class State: @unchecked Sendable {
        let lock = NSLock()
        var songs: [Song]
        var lastModified: Int64 = 1_700_000_000_000
        var playlists: [String: Playlist] = [:]
        var nextPlaylist = 1

        init(songs: [Song]) {
            self.songs = songs
        }
    }

    public let server: FixtureServer
    public let user: String
    public let password: String
    private let state: State

    /// - Parameters:
    ///   - openSubsonic: answer as an OpenSubsonic server announcing `formPost`.
    ///   - emptySearchFindsNothing: `search3` with an empty query returns no song, as some
    ///     servers do, so the library must be listed album by album.
    public init(songs: [Song], user: String = "segue", password: String = "s3cret", openSubsonic: Bool = true,
                emptySearchFindsNothing: Bool = false, port: Int = 0, requestLog: String? = nil) throws {
        let state = State(songs: songs)
        self.state = state
        self.user = user
        self.password = password
        server = try FixtureServer(port: port, requestLog: requestLog) { request in
            Self.respond(request, state: state, user: user, password: password, openSubsonic: openSubsonic,
                         emptySearchFindsNothing: emptySearchFindsNothing)
        }
    }

    deinit {
        server.stop()
    }

    public var baseURL: String { server.baseURL }

    public var playlists: [Playlist] {
        state.lock.lock()
        defer { state.lock.unlock() }
        return state.playlists.values.sorted { $0.name < $1.name }
    }

    /// A rescan: the library's `lastModified` moves on.
    public func touchLibrary(_ change: (inout [Song]) -> Void = { _ in }) {
        state.lock.lock()
        change(&state.songs)
        state.lastModified += 60_000
        state.lock.unlock()
    }

    /// A playlist made by the user, which a push must leave alone.
    public func addUserPlaylist(name: String, songIDs: [String]) {
        state.lock.lock()
        let id = "user-\(state.nextPlaylist)"
        state.nextPlaylist += 1
        state.playlists[id] = Playlist(id: id, name: name, owner: user, comment: "", songIDs: songIDs)
        state.lock.unlock()
    }

    /// The songs of a Segue database, as a Subsonic server over `musicDir` names them.
    public static func songs(fromDatabase path: String, musicDir: String) throws -> [Song] {
        let prefix = musicDir.hasSuffix("/") ? musicDir : musicDir + "/"
        return try AppDatabase(path: path, readOnly: true).pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, path, artist, album, title, duration_ms FROM tracks ORDER BY id").map { row in
                let path: String = row["path"]
                let milliseconds: Int64? = row["duration_ms"]
                return Song(id: "song-\(row["id"] as Int64)", path: path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path,
                            artist: row["artist"] ?? "", album: row["album"] ?? "", title: row["title"] ?? "",
                            seconds: Int((milliseconds ?? 0) / 1000))
            }
        }
    }

    // MARK: Answers

    private static func respond(_ request: FixtureRequest, state: State, user: String, password: String,
                                openSubsonic: Bool, emptySearchFindsNothing: Bool) -> FixtureResponse {
        let method = request.path.replacingOccurrences(of: "/rest/", with: "").replacingOccurrences(of: ".view", with: "")
        func value(_ key: String) -> String? { request.values(key).first }
        let authorized: Bool
        if let token = value("t"), let salt = value("s") {
            authorized = value("u") == user && token == MD5.hex(password + salt)
        } else if let plain = value("p") {
            authorized = value("u") == user && (plain == password || plain == "enc:" + password.utf8.map { String(format: "%02x", $0) }.joined())
        } else {
            return failed(10, "Required parameter is missing.", openSubsonic)
        }
        guard authorized else { return failed(40, "Wrong username or password.", openSubsonic) }
        state.lock.lock()
        defer { state.lock.unlock() }
        switch method {
        case "getIndexes":
            if let since = value("ifModifiedSince").flatMap(Int64.init), state.lastModified < since {
                return ok(["indexes": ["lastModified": state.lastModified, "ignoredArticles": "The"]], openSubsonic)
            }
            let artists = Set(state.songs.map(\.artist)).sorted().map { ["id": "artist-\($0)", "name": $0] }
            return ok(["indexes": ["lastModified": state.lastModified, "ignoredArticles": "The", "index": [["name": "#", "artist": artists]]]],
                      openSubsonic)
        case "getOpenSubsonicExtensions":
            guard openSubsonic else { return failed(0, "Unknown method", openSubsonic) }
            return ok(["openSubsonicExtensions": [["name": "formPost", "versions": [1]], ["name": "songLyrics", "versions": [1]]]], openSubsonic)
        case "search3":
            if emptySearchFindsNothing, value("query")?.isEmpty != false { return ok(["searchResult3": [String: Any]()], openSubsonic) }
            let offset = Int(value("songOffset") ?? "0") ?? 0
            let count = Int(value("songCount") ?? "20") ?? 20
            let page = state.songs.dropFirst(offset).prefix(count).map(songJSON)
            return ok(["searchResult3": ["song": Array(page)]], openSubsonic)
        case "getAlbumList2":
            let albums = Array(Set(state.songs.map(\.album))).sorted()
            let offset = Int(value("offset") ?? "0") ?? 0
            let size = Int(value("size") ?? "10") ?? 10
            return ok(["albumList2": ["album": albums.dropFirst(offset).prefix(size).map { ["id": "album-\($0)", "name": $0] }]], openSubsonic)
        case "getAlbum":
            let name = value("id").map { String($0.dropFirst("album-".count)) }
            return ok(["album": ["id": value("id") ?? "", "name": name ?? "", "song": state.songs.filter { $0.album == name }.map(songJSON)]],
                      openSubsonic)
        case "getPlaylists":
            return ok(["playlists": ["playlist": state.playlists.values.sorted { $0.id < $1.id }.map(playlistJSON)]], openSubsonic)
        case "getPlaylist":
            guard let playlist = value("id").flatMap({ state.playlists[$0] }) else { return failed(70, "Playlist not found", openSubsonic) }
            // Each entry is a whole song (`child`), as getPlaylist answers.
            var json = playlistJSON(playlist)
            json["entry"] = playlist.songIDs.map { id in state.songs.first { $0.id == id }.map(songJSON) ?? ["id": id] }
            return ok(["playlist": json], openSubsonic)
        case "createPlaylist":
            let songIDs = request.values("songId")
            let known = Set(state.songs.map(\.id))
            guard songIDs.allSatisfy(known.contains) else { return failed(70, "Song not found", openSubsonic) }
            if let id = value("playlistId") {
                guard state.playlists[id] != nil else { return failed(70, "Playlist not found", openSubsonic) }
                state.playlists[id]!.songIDs = songIDs
                return ok(["playlist": playlistJSON(state.playlists[id]!)], openSubsonic)
            }
            guard let name = value("name") else { return failed(10, "Required parameter is missing.", openSubsonic) }
            let id = "pl-\(state.nextPlaylist)"
            state.nextPlaylist += 1
            state.playlists[id] = Playlist(id: id, name: name, owner: user, comment: "", songIDs: songIDs)
            return ok(["playlist": playlistJSON(state.playlists[id]!)], openSubsonic)
        case "updatePlaylist":
            guard let id = value("playlistId"), state.playlists[id] != nil else { return failed(70, "Playlist not found", openSubsonic) }
            if let comment = value("comment") { state.playlists[id]!.comment = comment }
            state.playlists[id]!.songIDs += request.values("songIdToAdd")
            return ok([:], openSubsonic)
        case "deletePlaylist":
            guard let id = value("id"), state.playlists.removeValue(forKey: id) != nil else { return failed(70, "Playlist not found", openSubsonic) }
            return ok([:], openSubsonic)
        default:
            return failed(0, "Unknown method", openSubsonic)
        }
    }

    private static func songJSON(_ song: Song) -> [String: Any] {
        ["id": song.id, "parent": "album-\(song.album)", "isDir": false, "title": song.title, "album": song.album, "artist": song.artist,
         "duration": song.seconds, "path": song.path, "type": "music", "suffix": (song.path as NSString).pathExtension]
    }

    private static func playlistJSON(_ playlist: Playlist) -> [String: Any] {
        ["id": playlist.id, "name": playlist.name, "owner": playlist.owner, "comment": playlist.comment, "songCount": playlist.songIDs.count,
         "public": false, "created": "2026-11-29T03:30:00Z", "entry": playlist.songIDs.map { ["id": $0] }]
    }

    private static func ok(_ payload: [String: Any], _ openSubsonic: Bool) -> FixtureResponse {
        .json(["subsonic-response": envelope(openSubsonic).merging(payload) { $1 }.merging(["status": "ok"]) { $1 }])
    }

    private static func failed(_ code: Int, _ message: String, _ openSubsonic: Bool) -> FixtureResponse {
        .json(["subsonic-response": envelope(openSubsonic).merging(["status": "failed", "error": ["code": code, "message": message]]) { $1 }])
    }

    private static func envelope(_ openSubsonic: Bool) -> [String: Any] {
        openSubsonic ? ["version": "1.16.1", "type": "segue-fixture", "serverVersion": "1.0", "openSubsonic": true] : ["version": "1.12.0"]
    }
}
