import Foundation
import Logging
import SegueCore
import SegueHTTP

/// A Subsonic or OpenSubsonic server (Navidrome, Gonic, Airsonic, Ampache, Supysonic) through
/// its REST API (`/rest/NAME.view`, JSON).
///
/// The library is checked with one `getIndexes?ifModifiedSince=` a night and listed again
/// (`search3` with an empty query, paged; `getAlbumList2` + `getAlbum` where that finds
/// nothing) only when its `lastModified` moved. Playlists are replaced with `createPlaylist`
/// and `playlistId`, which swaps the whole list at once, rather than `updatePlaylist`'s index
/// removal, which some servers get wrong for many indexes. `createPlaylist` takes no comment
/// (neither Subsonic nor OpenSubsonic define one, Supysonic reads none): it is set with
/// `updatePlaylist`, and only when it changed.
final class SubsonicServer: PlaylistServer {
    static let apiVersion = "1.16.1"
    static let client = "segue"
    static let pageSize = 500
    /// Longest query string sent as GET; beyond it songs go in further `updatePlaylist` calls,
    /// unless the server takes form POSTs (OpenSubsonic `formPost`).
    static let maxQueryLength = 6000

    enum Answer {
        case ok(JSONNode)
        case failed(code: Int, message: String)
    }

    let config: PlayersConfig.Subsonic
    let host: ServiceHost
    let store: PlayerStore
    let logger: Logger
    private(set) var auth: SubsonicAuth
    private(set) var formPost = false

    init(config: PlayersConfig.Subsonic, host: ServiceHost, store: PlayerStore, logger: Logger) {
        self.config = config
        self.host = host
        self.store = store
        self.logger = logger
        auth = SubsonicAuth(config)
    }

    var name: String { config.name }
    var requestCount: Int { host.requestCount }

    // MARK: Library

    func syncLibrary(store: PlayerStore) throws {
        let state = try store.state(server: name)
        let known = state.flatMap { $0.songCount > 0 ? $0.libraryVersion.flatMap { Int64($0) } : nil }
        let root = try ok("getIndexes", known.map { [("ifModifiedSince", String($0 + 1))] } ?? [])
        try learnExtensions(root, cached: state?.announced)
        let lastModified = root["indexes"]["lastModified"].int.map(Int64.init) ?? 0
        if let known, lastModified == known { return }
        if lastModified <= 0 {
            logger.notice("\(name) reports no library modification time: its library is listed again on every push")
        }
        var songs = try searchAllSongs()
        if songs.isEmpty { songs = try albumSongs() }
        try store.replaceLibrary(server: name, songs: songs, version: lastModified > 0 ? String(lastModified) : nil, at: Date())
    }

    /// OpenSubsonic servers say so in every response; their extensions are asked once and
    /// cached until the server's type or version changes.
    private func learnExtensions(_ root: JSONNode, cached: String?) throws {
        guard root["openSubsonic"].bool == true else {
            formPost = false
            return
        }
        let identity = "\(root["type"].string ?? "")/\(root["serverVersion"].string ?? "")"
        var extensions: [String]
        if let cached, cached.hasPrefix(identity + "|") {
            extensions = cached.dropFirst(identity.count + 1).split(separator: ",").map(String.init)
        } else {
            extensions = try ok("getOpenSubsonicExtensions", [])["openSubsonicExtensions"].list.compactMap { $0["name"].string }
            try store.setAnnounced(server: name, identity + "|" + extensions.joined(separator: ","))
        }
        formPost = extensions.contains("formPost")
    }

    private func searchAllSongs() throws(ServiceError) -> [RemoteSong] {
        var songs: [RemoteSong] = []
        while true {
            let page = try ok("search3", [("query", ""), ("artistCount", "0"), ("albumCount", "0"),
                                          ("songCount", String(Self.pageSize)), ("songOffset", String(songs.count))])["searchResult3"]["song"].list
            songs += page.compactMap(Self.song)
            if page.count < Self.pageSize { return songs }
        }
    }

    /// For servers whose `search3` finds nothing for an empty query: every album, then its songs.
    private func albumSongs() throws(ServiceError) -> [RemoteSong] {
        var songs: [RemoteSong] = []
        var offset = 0
        while true {
            let albums = try ok("getAlbumList2", [("type", "alphabeticalByName"), ("size", String(Self.pageSize)),
                                                  ("offset", String(offset))])["albumList2"]["album"].list
            for album in albums {
                guard let id = album["id"].string else { continue }
                songs += try ok("getAlbum", [("id", id)])["album"]["song"].list.compactMap(Self.song)
            }
            if albums.count < Self.pageSize { return songs }
            offset += albums.count
        }
    }

    static func song(_ node: JSONNode) -> RemoteSong? {
        guard let id = node["id"].string else { return nil }
        return RemoteSong(id: id, path: node["path"].nonEmptyString, mbRecordingID: node["musicBrainzId"].nonEmptyString,
                          artist: node["artist"].string ?? "", album: node["album"].string ?? "", title: node["title"].string ?? "",
                          durationSeconds: node["duration"].int)
    }

    // MARK: Playlists

    func create(name: String, comment: String, songIDs: [String]) throws(ServiceError) -> String {
        let (first, rest) = split(songIDs)
        let root = try ok("createPlaylist", [("name", name)] + first.map { ("songId", $0) })
        // Subsonic 1.14 returns the playlist; older servers (Supysonic) return nothing.
        var created = root["playlist"]["id"].string
        if created == nil { created = try newestPlaylist(named: name) }
        guard let id = created else {
            throw .rejected(url: endpoint("createPlaylist"), reason: "the new playlist '\(name)' is not in getPlaylists")
        }
        try add(rest, to: id, comment: comment)
        return id
    }

    func replace(id: String, name: String, comment: String?, songIDs: [String]) throws(ServiceError) -> Bool {
        let (first, rest) = split(songIDs)
        switch try call("createPlaylist", [("playlistId", id)] + first.map { ("songId", $0) }) {
        case .ok:
            break
        case let .failed(70, message):
            guard try exists(id) else { return false }
            // A song the cached library still lists is gone: list the library afresh next time.
            try? store.replaceLibraryVersion(server: self.name, nil)
            throw .rejected(url: endpoint("createPlaylist"), reason: "Subsonic error 70: \(message)")
        case let .failed(code, message):
            throw .rejected(url: endpoint("createPlaylist"), reason: "Subsonic error \(code): \(message)")
        }
        try add(rest, to: id, comment: comment)
        return true
    }

    func describe(id: String, comment: String) throws(ServiceError) -> Bool {
        switch try call("updatePlaylist", [("playlistId", id), ("comment", comment)]) {
        case .ok: true
        case .failed(70, _): false
        case let .failed(code, message): throw .rejected(url: endpoint("updatePlaylist"), reason: "Subsonic error \(code): \(message)")
        }
    }

    func delete(id: String) throws(ServiceError) {
        switch try call("deletePlaylist", [("id", id)]) {
        case .ok, .failed(70, _): return
        case let .failed(code, message): throw .rejected(url: endpoint("deletePlaylist"), reason: "Subsonic error \(code): \(message)")
        }
    }

    func entries(ofPlaylistNamed name: String) throws -> [RemoteSong]? {
        let named = try ok("getPlaylists", [])["playlists"]["playlist"].list.filter { $0["name"].string == name }
        let mine = named.filter { auth.user == nil || $0["owner"].string == auth.user }
        guard let id = (mine.isEmpty ? named : mine).max(by: { ($0["created"].string ?? "") < ($1["created"].string ?? "") })?["id"].string
        else { return nil }
        // getPlaylist lists each entry as a full song (`child`): path, tags and duration.
        return try ok("getPlaylist", [("id", id)])["playlist"]["entry"].list.compactMap(Self.song)
    }

    private func exists(_ id: String) throws(ServiceError) -> Bool {
        switch try call("getPlaylist", [("id", id)]) {
        case .ok: true
        case .failed(70, _): false
        case let .failed(code, message): throw .rejected(url: endpoint("getPlaylist"), reason: "Subsonic error \(code): \(message)")
        }
    }

    /// The id of the newest playlist called `name` that this user owns and Segue has not claimed.
    private func newestPlaylist(named name: String) throws(ServiceError) -> String? {
        let claimed = Set(((try? store.pushed(server: self.name)) ?? [:]).values.map(\.remoteID))
        let playlists = try ok("getPlaylists", [])["playlists"]["playlist"].list.filter { playlist in
            playlist["name"].string == name && !claimed.contains(playlist["id"].string ?? "")
                && (auth.user == nil || playlist["owner"].string == nil || playlist["owner"].string == auth.user)
        }
        return playlists.max { ($0["created"].string ?? "") < ($1["created"].string ?? "") }?["id"].string
    }

    /// The songs beyond the first request, and the comment, which `createPlaylist` cannot
    /// carry: it rides on the first `updatePlaylist` sent anyway, or goes in one of its own.
    private func add(_ songIDs: [String], to id: String, comment: String?) throws(ServiceError) {
        var rest = songIDs
        var comment = comment
        while !rest.isEmpty || comment != nil {
            let (chunk, after) = split(rest)
            _ = try ok("updatePlaylist", [("playlistId", id)] + (comment.map { [("comment", $0)] } ?? []) + chunk.map { ("songIdToAdd", $0) })
            rest = after
            comment = nil
        }
    }

    /// The songs that fit in one GET, and the rest; all of them when the server takes form POSTs.
    private func split(_ songIDs: [String]) -> ([String], [String]) {
        guard !formPost else { return (songIDs, []) }
        var length = 0
        var count = 0
        for id in songIDs {
            length += URLQuery.encode(id).count + 16
            if length > Self.maxQueryLength, count > 0 { break }
            count += 1
        }
        return (Array(songIDs.prefix(count)), Array(songIDs.dropFirst(count)))
    }

    // MARK: Requests

    private func endpoint(_ method: String) -> String {
        "\(config.baseURL)/rest/\(method)"
    }

    /// A call that must succeed.
    private func ok(_ method: String, _ parameters: [(String, String)]) throws(ServiceError) -> JSONNode {
        switch try call(method, parameters) {
        case let .ok(root): return root
        case let .failed(code, message): throw .rejected(url: endpoint(method), reason: "Subsonic error \(code): \(message)")
        }
    }

    /// One API call; a server refusing the token form (error 10, as Supysonic 0.7.9 answers,
    /// or 41) is asked again with the password form, which the rest of the run keeps.
    private func call(_ method: String, _ parameters: [(String, String)]) throws(ServiceError) -> Answer {
        while true {
            let fields = parameters + auth.parameters() + [("v", Self.apiVersion), ("c", Self.client), ("f", "json")]
            let url = endpoint(method) + ".view"
            let request = formPost ? HTTPRequest.form(url: url, fields: fields) : HTTPRequest(url: url + "?" + URLQuery.string(fields))
            let answer = try host.send(request) { response throws(ResponseProblem) in try Self.parse(response) }
            if case let .failed(code, message) = answer, code == 10 || code == 41, let fallback = auth.fallback {
                logger.notice("\(name) refused token authentication (Subsonic error \(code): \(message)); using the password form tonight")
                auth = fallback
                continue
            }
            return answer
        }
    }

    static func parse(_ response: HTTPResponse) throws(ResponseProblem) -> Answer {
        switch response.status {
        case 200: break
        case 401, 403: throw .fatal(reason: "HTTP \(response.status): wrong user, password or API key")
        case 404: throw .fatal(reason: "HTTP 404: no Subsonic API under this base_url")
        default: throw .reject(reason: "HTTP \(response.status)")
        }
        let root = try JSONNode.parse(response.body)["subsonic-response"]
        guard root.value != nil else { throw .fatal(reason: "not a Subsonic server (no subsonic-response in the answer)") }
        if root["status"].string == "ok" { return .ok(root) }
        let code = root["error"]["code"].int ?? 0
        let message = root["error"]["message"].string ?? "no message"
        switch code {
        case 40, 44: throw .fatal(reason: "wrong user, password or API key (Subsonic error \(code): \(message))")
        case 20, 30, 42, 43, 50, 60: throw .fatal(reason: "Subsonic error \(code): \(message)")
        default: return .failed(code: code, message: message)
        }
    }
}
