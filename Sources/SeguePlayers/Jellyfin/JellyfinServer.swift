import Foundation
import SegueCore
import SegueHTTP

/// A Jellyfin server through its REST API, as its OpenAPI description defines it: audio items
/// listed from `/Items` (paged, with `Path` and `ProviderIds`), playlists created with
/// `POST /Playlists` and refilled through `/Playlists/{id}/Items`.
///
/// Jellyfin has no library modification time; a night asks for the number of audio items and
/// for those saved since the last push (`minDateLastSaved`), and lists everything again only
/// when the count moved. Jellyfin playlists carry no comment through this API, so none is set.
final class JellyfinServer: PlaylistServer {
    static let pageSize = 500
    /// Item ids per `Ids=` list in a URL (32 hex digits each).
    static let idsPerRequest = 100

    let config: PlayersConfig.Jellyfin
    let host: ServiceHost
    let store: PlayerStore
    private var userID: String?

    init(config: PlayersConfig.Jellyfin, host: ServiceHost, store: PlayerStore) {
        self.config = config
        self.host = host
        self.store = store
    }

    var name: String { config.name }
    var requestCount: Int { host.requestCount }

    private var headers: [String] {
        ["Accept: application/json",
         "Authorization: MediaBrowser Client=\"Segue\", Device=\"Segue\", DeviceId=\"segue-\(URLQuery.encode(config.name))\", "
            + "Version=\"\(HTTPSettings.version)\", Token=\"\(config.apiKey)\""]
    }

    // MARK: Library

    func syncLibrary(store: PlayerStore) throws {
        let state = try store.state(server: name)
        let user = try resolveUser(cached: state?.announced)
        let started = Date()
        let total = try items(user: user, start: 0, limit: 0, since: nil).total
        let version = state?.libraryVersion.flatMap(Self.parseVersion)
        if let version, version.count == total, state?.songCount == total {
            var changed: [RemoteSong] = []
            while true {
                let page = try items(user: user, start: changed.count, limit: Self.pageSize, since: version.since)
                changed += page.songs
                if page.songs.count < Self.pageSize { break }
            }
            try store.updateLibrary(server: name, songs: changed, version: Self.version(count: total, since: started), at: started)
            return
        }
        var songs: [RemoteSong] = []
        while true {
            let page = try items(user: user, start: songs.count, limit: Self.pageSize, since: nil)
            songs += page.songs
            if page.songs.count < Self.pageSize { break }
        }
        try store.replaceLibrary(server: name, songs: songs, version: Self.version(count: total, since: started), at: started)
    }

    /// The id of `config.user`, asked once and kept with the server's row.
    private func resolveUser(cached: String?) throws -> String {
        if let userID { return userID }
        if let cached, cached.hasPrefix("user:") {
            userID = String(cached.dropFirst(5))
            return userID!
        }
        let users = try get("/Users") { response throws(ResponseProblem) in
            guard let array = try? JSONSerialization.jsonObject(with: response.body) as? [Any] else {
                throw .retry(reason: "GET /Users did not answer a list")
            }
            return JSONNode(array).list
        }
        guard let id = users.first(where: { $0["Name"].string?.lowercased() == config.user.lowercased() })?["Id"].string else {
            throw ServiceError.givenUp(service: name, reason: "no Jellyfin user named '\(config.user)'")
        }
        try store.setAnnounced(server: name, "user:" + id)
        userID = id
        return id
    }

    private func items(user: String, start: Int, limit: Int, since: String?) throws(ServiceError) -> (songs: [RemoteSong], total: Int) {
        var query: [(String, String)] = [("userId", user), ("recursive", "true"), ("includeItemTypes", "Audio"),
                                         ("fields", "Path,ProviderIds"), ("startIndex", String(start)), ("limit", String(limit)),
                                         ("sortBy", "SortName"), ("enableImages", "false"), ("enableUserData", "false")]
        if let since { query.append(("minDateLastSaved", since)) }
        return try get("/Items?" + URLQuery.string(query)) { response throws(ResponseProblem) in
            let json = try JSONNode.parse(response.body)
            return (json["Items"].list.compactMap(Self.song), json["TotalRecordCount"].int ?? 0)
        }
    }

    static func song(_ item: JSONNode) -> RemoteSong? {
        guard let id = item["Id"].string else { return nil }
        let ticks = item["RunTimeTicks"].double
        return RemoteSong(id: id, path: item["Path"].nonEmptyString, mbRecordingID: item["ProviderIds"]["MusicBrainzRecording"].nonEmptyString,
                          artist: item["AlbumArtist"].string ?? item["Artists"].list.first?.string ?? "",
                          album: item["Album"].string ?? "", title: item["Name"].string ?? "",
                          durationSeconds: ticks.map { Int(($0 / 10_000_000).rounded()) })
    }

    static func version(count: Int, since date: Date) -> String {
        "\(count)@\(ISO8601DateFormatter().string(from: date))"
    }

    static func parseVersion(_ text: String) -> (count: Int, since: String)? {
        let parts = text.split(separator: "@", maxSplits: 1).map(String.init)
        guard parts.count == 2, let count = Int(parts[0]) else { return nil }
        return (count, parts[1])
    }

    // MARK: Playlists

    func create(name: String, comment: String, songIDs: [String]) throws(ServiceError) -> String {
        let user = try userIDOrGiveUp()
        let first = Array(songIDs.prefix(Self.idsPerRequest))
        let body: [String: Any] = ["Name": name, "Ids": first, "UserId": user, "MediaType": "Audio"]
        let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data()
        let request = HTTPRequest(.post, url: config.baseURL + "/Playlists", headers: headers + ["Content-Type: application/json"], body: data)
        let id = try host.send(request) { response throws(ResponseProblem) in
            try Self.check(response)
            guard let id = try JSONNode.parse(response.body)["Id"].string else { throw .reject(reason: "POST /Playlists answered no Id") }
            return id
        }
        try add(Array(songIDs.dropFirst(Self.idsPerRequest)), to: id, user: user)
        return id
    }

    func replace(id: String, name: String, comment: String?, songIDs: [String]) throws(ServiceError) -> Bool {
        let user = try userIDOrGiveUp()
        let path = "/Playlists/\(URLQuery.encode(id))/Items"
        let entries: [String]? = try get(path + "?" + URLQuery.string([("userId", user), ("fields", "Path")])) { response throws(ResponseProblem) in
            if response.status == 404 { return nil }
            return try JSONNode.parse(response.body)["Items"].list.compactMap { $0["PlaylistItemId"].string }
        }
        guard let entries else { return false }
        for start in stride(from: 0, to: entries.count, by: Self.idsPerRequest) {
            let chunk = entries[start..<min(start + Self.idsPerRequest, entries.count)]
            try send(.delete, path + "?" + URLQuery.string([("entryIds", chunk.joined(separator: ","))]))
        }
        try add(songIDs, to: id, user: user)
        return true
    }

    /// Nothing to send: Jellyfin playlists carry no comment through this API.
    func describe(id: String, comment: String) throws(ServiceError) -> Bool {
        true
    }

    func delete(id: String) throws(ServiceError) {
        try send(.delete, "/Items/\(URLQuery.encode(id))", missingIsFine: true)
    }

    func entries(ofPlaylistNamed name: String) throws -> [RemoteSong]? {
        let user = try resolveUser(cached: try store.state(server: self.name)?.announced)
        let query: [(String, String)] = [("userId", user), ("recursive", "true"), ("includeItemTypes", "Playlist"), ("searchTerm", name),
                                         ("enableImages", "false"), ("enableUserData", "false")]
        let ids = try get("/Items?" + URLQuery.string(query)) { response throws(ResponseProblem) in
            try JSONNode.parse(response.body)["Items"].list.filter { $0["Name"].string == name }.compactMap { $0["Id"].string }
        }
        guard let id = ids.first else { return nil }
        var songs: [RemoteSong] = []
        var start = 0
        while true {
            let page = try get("/Playlists/\(URLQuery.encode(id))/Items?" + URLQuery.string([
                ("userId", user), ("fields", "Path,ProviderIds"), ("startIndex", String(start)), ("limit", String(Self.pageSize)),
            ])) { response throws(ResponseProblem) in
                try JSONNode.parse(response.body)["Items"].list
            }
            songs += page.compactMap(Self.song)
            start += page.count
            if page.count < Self.pageSize { return songs }
        }
    }

    private func add(_ songIDs: [String], to id: String, user: String) throws(ServiceError) {
        for start in stride(from: 0, to: songIDs.count, by: Self.idsPerRequest) {
            let chunk = songIDs[start..<min(start + Self.idsPerRequest, songIDs.count)]
            try send(.post, "/Playlists/\(URLQuery.encode(id))/Items?" + URLQuery.string([("ids", chunk.joined(separator: ",")), ("userId", user)]))
        }
    }

    private func userIDOrGiveUp() throws(ServiceError) -> String {
        guard let userID else { throw .givenUp(service: name, reason: "the user id is not known (the library was not read)") }
        return userID
    }

    // MARK: Requests

    private func get<T>(_ pathAndQuery: String, parse: (HTTPResponse) throws(ResponseProblem) -> T) throws(ServiceError) -> T {
        try host.send(HTTPRequest(url: config.baseURL + pathAndQuery, headers: headers)) { response throws(ResponseProblem) in
            if response.status != 404 { try Self.check(response) }
            return try parse(response)
        }
    }

    private func send(_ method: HTTPRequest.Method, _ pathAndQuery: String, missingIsFine: Bool = false) throws(ServiceError) {
        let request = HTTPRequest(method, url: config.baseURL + pathAndQuery, headers: headers, body: method == .post ? Data() : nil)
        try host.send(request) { response throws(ResponseProblem) in
            if missingIsFine, response.status == 404 { return }
            try Self.check(response)
        }
    }

    static func check(_ response: HTTPResponse) throws(ResponseProblem) {
        switch response.status {
        case 200...299: return
        case 401, 403: throw .fatal(reason: "HTTP \(response.status): the API key is refused")
        default: throw .reject(reason: "HTTP \(response.status)")
        }
    }
}
