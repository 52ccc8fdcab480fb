import Foundation

/// Jellyfin's REST API replayed on loopback for the push tests. No Jellyfin server installs
/// here, so the request and response shapes are recorded from Jellyfin's OpenAPI description
/// (10.9): `GET /Users` (UserDto list), `GET /Items` (BaseItemDtoQueryResult: `Items`,
/// `TotalRecordCount`, `StartIndex`; items with `Id`, `Name`, `Album`, `AlbumArtist`,
/// `RunTimeTicks`, `Path`, `ProviderIds`, filtered by `minDateLastSaved`), `POST /Playlists`
/// (CreatePlaylistDto → PlaylistCreationResult `Id`), `GET/POST/DELETE /Playlists/{id}/Items`
/// (`PlaylistItemId`, `ids`, `entryIds`; 204 No Content) and `DELETE /Items/{id}`. Query names
/// are matched without regard to case, as ASP.NET binds them. Requests without the
/// `Authorization: MediaBrowser … Token="…"` header get 401.
public final class JellyfinFixture: @unchecked Sendable {
    public struct Item: Sendable {
        public var id: String
        public var name: String
        public var album: String
        public var artist: String
        public var path: String
        public var seconds: Int
        public var savedAt: Date

        public init(id: String, name: String, album: String, artist: String, path: String, seconds: Int, savedAt: Date = Date(timeIntervalSince1970: 1_700_000_000)) {
            self.id = id
            self.name = name
            self.album = album
            self.artist = artist
            self.path = path
            self.seconds = seconds
            self.savedAt = savedAt
        }
    }

    public struct Playlist: Sendable {
        public var id: String
        public var name: String
        public var userID: String
        /// (PlaylistItemId, item id), in order.
        public var entries: [(String, String)]

        public var itemIDs: [String] { entries.map(\.1) }
    }

    private final class State: @unchecked Sendable {
        let lock = NSLock()
        var items: [Item]
        var playlists: [String: Playlist] = [:]
        var next = 1

        init(items: [Item]) {
            self.items = items
        }
    }

    public static let userID = "4d5e6f708192a3b4c5d6e7f8091a2b3c"
    public let server: FixtureServer
    private let state: State

    public init(items: [Item], apiKey: String, user: String) throws {
        let state = State(items: items)
        self.state = state
        server = try FixtureServer { request in Self.respond(request, state: state, apiKey: apiKey, user: user) }
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

    /// A playlist made by the user, of items already in the library.
    public func addUserPlaylist(name: String, itemIDs: [String]) {
        state.lock.lock()
        let id = String(format: "%032x", state.next)
        state.next += 1
        state.playlists[id] = Playlist(id: id, name: name, userID: Self.userID, entries: [])
        Self.append(itemIDs, to: id, state: state)
        state.lock.unlock()
    }

    public func addItem(_ item: Item) {
        state.lock.lock()
        state.items.append(item)
        state.lock.unlock()
    }

    private static func respond(_ request: FixtureRequest, state: State, apiKey: String, user: String) -> FixtureResponse {
        guard request.headers["authorization"]?.hasPrefix("MediaBrowser ") == true,
              request.headers["authorization"]?.contains("Token=\"\(apiKey)\"") == true else {
            return .text("", status: 401)
        }
        var query: [String: String] = [:]
        for (key, value) in request.parameters { query[key.lowercased()] = value }
        state.lock.lock()
        defer { state.lock.unlock() }
        let parts = request.path.split(separator: "/").map(String.init)
        switch (request.method, parts.first ?? "", parts.count) {
        case ("GET", "Users", 1):
            return .json([["Name": user, "Id": userID, "HasPassword": true]])
        case ("GET", "Items", 1) where query["includeitemtypes"] == "Playlist":
            let term = query["searchterm"]?.lowercased() ?? ""
            let playlists = state.playlists.values.filter { term.isEmpty || $0.name.lowercased().contains(term) }.sorted { $0.id < $1.id }
            return .json(["Items": playlists.map { ["Id": $0.id, "Name": $0.name, "Type": "Playlist", "MediaType": "Audio", "IsFolder": true] },
                          "TotalRecordCount": playlists.count, "StartIndex": 0])
        case ("GET", "Items", 1):
            var items = state.items
            if let since = query["mindatelastsaved"].flatMap({ ISO8601DateFormatter().date(from: $0) }) {
                items = items.filter { $0.savedAt >= since }
            }
            let start = Int(query["startindex"] ?? "0") ?? 0
            let limit = Int(query["limit"] ?? "") ?? items.count
            return .json(["Items": items.dropFirst(start).prefix(limit).map(itemJSON), "TotalRecordCount": items.count, "StartIndex": start])
        case ("POST", "Playlists", 1):
            guard let body = try? JSONSerialization.jsonObject(with: request.body) as? [String: Any], let name = body["Name"] as? String else {
                return .json(["title": "One or more validation errors occurred.", "status": 400], status: 400)
            }
            let id = String(format: "%032x", state.next)
            state.next += 1
            state.playlists[id] = Playlist(id: id, name: name, userID: body["UserId"] as? String ?? "", entries: [])
            append((body["Ids"] as? [String]) ?? [], to: id, state: state)
            return .json(["Id": id])
        case ("GET", "Playlists", 3) where parts[2] == "Items":
            guard let playlist = state.playlists[parts[1]] else { return .notFound }
            let items = playlist.entries.map { entry -> [String: Any] in
                var json = state.items.first { $0.id == entry.1 }.map(itemJSON) ?? ["Id": entry.1]
                json["PlaylistItemId"] = entry.0
                return json
            }
            return .json(["Items": items, "TotalRecordCount": items.count, "StartIndex": 0])
        case ("POST", "Playlists", 3) where parts[2] == "Items":
            guard state.playlists[parts[1]] != nil else { return .notFound }
            append((query["ids"] ?? "").split(separator: ",").map(String.init), to: parts[1], state: state)
            return FixtureResponse(status: 204)
        case ("DELETE", "Playlists", 3) where parts[2] == "Items":
            guard state.playlists[parts[1]] != nil else { return .notFound }
            let entries = Set((query["entryids"] ?? "").split(separator: ",").map(String.init))
            state.playlists[parts[1]]!.entries.removeAll { entries.contains($0.0) }
            return FixtureResponse(status: 204)
        case ("DELETE", "Items", 2):
            return state.playlists.removeValue(forKey: parts[1]) == nil ? .notFound : FixtureResponse(status: 204)
        default:
            return .notFound
        }
    }

    private static func append(_ ids: [String], to playlist: String, state: State) {
        for id in ids where state.items.contains(where: { $0.id == id }) {
            state.playlists[playlist]!.entries.append((String(format: "e%031x", state.next), id))
            state.next += 1
        }
    }

    private static func itemJSON(_ item: Item) -> [String: Any] {
        ["Id": item.id, "Name": item.name, "Album": item.album, "AlbumArtist": item.artist, "Artists": [item.artist],
         "Type": "Audio", "MediaType": "Audio", "RunTimeTicks": item.seconds * 10_000_000, "Path": item.path,
         "ProviderIds": [String: String](), "IsFolder": false]
    }
}
