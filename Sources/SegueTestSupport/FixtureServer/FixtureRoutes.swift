import Foundation

/// Answers one request for a `FixtureLibrary`, as the real services would.
struct FixtureRoutes {
    let library: FixtureLibrary

    /// Recorded files replayed for the requests that produced them (see fixtures/SOURCES.md).
    static let recorded: [(path: String, query: [String: String], file: String)] = [
        ("/ws/2/artist/db92a151-1ac2-438b-bc43-b82e149ddd50", [:], "musicbrainz/artist-lookup.inc-aliases+genres+ratings+tags.db92a151.json"),
        ("/2.0/", ["method": "artist.gettoptags", "artist": "Guns N' Roses"], "lastfm/pydrag.artist.getTopTags.guns-n-roses.json"),
        ("/2.0/", ["method": "album.gettoptags", "artist": "Queen", "album": "A Night at the Opera"], "lastfm/pydrag.album.getTopTags.queen-a-night-at-the-opera.json"),
        ("/2.0/", ["method": "artist.getsimilar", "artist": "U2"], "lastfm/navidrome.lastfm.artist.getsimilar.json"),
        ("/2.0/", ["method": "artist.getinfo", "artist": "U2"], "lastfm/navidrome.lastfm.artist.getinfo.json"),
    ]

    func respond(to request: FixtureRequest) -> FixtureResponse {
        guard request.method == "GET" else { return .json(["error": "method not allowed"], status: 405) }
        var query = request.query
        if let method = query["method"] { query["method"] = method.lowercased() }
        if let entry = Self.recorded.first(where: { $0.path == request.path && $0.query.allSatisfy({ query[$0.key] == $0.value }) }) {
            return Self.replay(entry.file)
        }
        if request.path.hasPrefix("/ws/2/") { return musicbrainz(request) }
        if request.path.hasPrefix("/2.0") { return lastfm(query) }
        if request.path.hasPrefix("/1/user/") { return listenbrainz(request) }
        return .notFound
    }

    // MARK: MusicBrainz

    private func musicbrainz(_ request: FixtureRequest) -> FixtureResponse {
        let query = request.query
        switch request.path {
        case "/ws/2/artist":
            guard let lucene = query["query"] else { return .json(["error": "query required"], status: 400) }
            let limit = Int(query["limit"] ?? "25") ?? 25
            var hits: [FixtureLibrary.Artist]
            if let ids = Self.ids(in: lucene, field: "arid") {
                hits = library.artists.filter { ids.contains($0.mbid) }
            } else if let name = Self.phrase(in: lucene, field: "artist") {
                let wanted = Self.fold(name)
                hits = library.artists.filter { Self.fold($0.name) == wanted || Self.fold($0.name).contains(wanted) }
            } else {
                return .json(["error": "unsupported query \(lucene)"], status: 400)
            }
            hits = Array(hits.prefix(min(limit, 100)))
            return .json(["created": "2026-03-08T00:00:00.000Z", "count": hits.count, "offset": 0,
                          "artists": hits.map { artistJSON($0, search: true) }])
        case "/ws/2/release-group":
            let limit = min(Int(query["limit"] ?? "25") ?? 25, 100)
            let offset = Int(query["offset"] ?? "0") ?? 0
            if let artistID = query["artist"] {
                guard let artist = library.artists.first(where: { $0.mbid == artistID }) else { return .notFound }
                let page = artist.releaseGroups.dropFirst(offset).prefix(limit)
                return .json(["release-group-count": artist.releaseGroups.count, "release-group-offset": offset,
                              "release-groups": page.map { releaseGroupJSON($0, artist: artist, search: false) }])
            }
            if let lucene = query["query"], let ids = Self.ids(in: lucene, field: "rgid") {
                let hits = library.artists.flatMap { artist in
                    artist.releaseGroups.filter { ids.contains($0.id) }.map { releaseGroupJSON($0, artist: artist, search: true) }
                }
                return .json(["created": "2026-03-08T00:00:00.000Z", "count": hits.count, "offset": 0,
                              "release-groups": Array(hits.prefix(limit))])
            }
            return .json(["error": "unsupported release-group request"], status: 400)
        default:
            let parts = request.path.split(separator: "/")
            if parts.count == 4, parts[2] == "artist" {
                let id = String(parts[3])
                guard let artist = library.artists.first(where: { $0.mbid == id || $0.mergedMBIDs.contains(id) }) else { return .notFound }
                return .json(artistJSON(artist, search: false))
            }
            if parts.count == 4, parts[2] == "release-group" {
                for artist in library.artists {
                    if let group = artist.releaseGroups.first(where: { $0.id == parts[3] }) {
                        return .json(releaseGroupJSON(group, artist: artist, search: false))
                    }
                }
            }
            return .notFound
        }
    }

    private func artistJSON(_ artist: FixtureLibrary.Artist, search: Bool) -> [String: Any] {
        var json: [String: Any] = [
            "id": artist.mbid, "name": artist.name, "sort-name": artist.name, "type": "Group",
            "disambiguation": artist.disambiguation, "life-span": ["ended": NSNull()],
            "tags": artist.tags.map { ["count": $0.count, "name": $0.name] },
        ]
        if search { json["score"] = 100 } else { json["genres"] = json["tags"] }
        return json
    }

    private func releaseGroupJSON(_ group: FixtureLibrary.ReleaseGroup, artist: FixtureLibrary.Artist, search: Bool) -> [String: Any] {
        var json: [String: Any] = [
            "id": group.id, "title": group.title, "primary-type": "Album", "secondary-types": [String](),
            "first-release-date": "2001-01-01", "disambiguation": "",
            "tags": group.tags.map { ["count": $0.count, "name": $0.name] },
        ]
        if search {
            json["score"] = 100
            json["artist-credit"] = [["name": artist.name, "artist": ["id": artist.mbid, "name": artist.name, "sort-name": artist.name]]]
        } else {
            json["genres"] = group.tags.map { ["count": $0.count, "name": $0.name, "id": "", "disambiguation": ""] }
        }
        return json
    }

    // MARK: Last.fm

    private func lastfm(_ query: [String: String]) -> FixtureResponse {
        guard let key = query["api_key"], !key.isEmpty else {
            return .json(["error": 10, "message": "Invalid API key - You must be granted a valid key by last.fm"], status: 403)
        }
        let artist = query["artist"].flatMap { name in library.artists.first { Self.fold($0.name) == Self.fold(name) } }
            ?? query["mbid"].flatMap { mbid in library.artists.first { $0.mbid == mbid } }
        switch query["method"] ?? "" {
        case "artist.gettoptags":
            guard let artist else { return notFoundLastfm() }
            return .json(["toptags": ["tag": Self.oneOrMany((artist.lastfmTags ?? artist.tags).map(Self.lastfmTag)),
                                      "@attr": ["artist": artist.name]]])
        case "artist.getsimilar":
            guard let artist else { return notFoundLastfm() }
            let similar = artist.similar.map { ["name": $0.name, "mbid": $0.mbid, "match": String($0.match), "url": "", "streamable": "0"] }
            return .json(["similarartists": ["artist": Self.oneOrMany(similar), "@attr": ["artist": artist.name]]])
        case "album.gettoptags":
            guard let artist, let album = query["album"],
                  let group = artist.releaseGroups.first(where: { Self.fold($0.title) == Self.fold(album) }) else { return notFoundLastfm() }
            return .json(["toptags": ["tag": Self.oneOrMany(group.tags.map(Self.lastfmTag)),
                                      "@attr": ["artist": artist.name, "album": group.title]]])
        case "user.getrecenttracks":
            return recentTracks(query)
        default:
            return .json(["error": 3, "message": "Invalid Method - No method with that name in this package", "links": [String]()])
        }
    }

    private func notFoundLastfm() -> FixtureResponse {
        Self.replay("lastfm/navidrome.lastfm.artist.error6.json")
    }

    /// A recorded file's bytes; a missing file is a broken checkout, answered with a 500 that
    /// makes the test fail rather than with a made-up reply that might let it pass.
    static func replay(_ file: String) -> FixtureResponse {
        do {
            return .json(data: try FixtureFiles.data(file))
        } catch {
            return .text("fixture file \(FixtureFiles.directory)/\(file) is missing: \(error)", status: 500)
        }
    }

    private func recentTracks(_ query: [String: String]) -> FixtureResponse {
        guard let user = query["user"], let listens = library.listens[user] else {
            return .json(["error": 6, "message": "User not found"])
        }
        let from = Int(query["from"] ?? "0") ?? 0
        let limit = min(Int(query["limit"] ?? "50") ?? 50, 200)
        let page = max(Int(query["page"] ?? "1") ?? 1, 1)
        let newer = listens.filter { $0.listenedAt >= from }.sorted { $0.listenedAt > $1.listenedAt }
        let pages = max(1, (newer.count + limit - 1) / limit)
        let tracks = newer.dropFirst((page - 1) * limit).prefix(limit).map { listen -> [String: Any] in
            ["artist": ["#text": listen.artist, "mbid": ""], "name": listen.title, "mbid": listen.recordingMBID,
             "album": ["#text": listen.album, "mbid": ""], "streamable": "0", "url": "",
             "date": ["uts": String(listen.listenedAt), "#text": ""]]
        }
        return .json(["recenttracks": ["track": Self.oneOrMany(Array(tracks)),
                                       "@attr": ["user": user, "page": String(page), "perPage": String(limit),
                                                 "totalPages": String(pages), "total": String(newer.count)]]])
    }

    /// Last.fm sends a one-element list as the element itself.
    private static func oneOrMany(_ items: [[String: Any]]) -> Any {
        items.count == 1 ? items[0] : items
    }

    private static func lastfmTag(_ tag: FixtureLibrary.Tag) -> [String: Any] {
        ["name": tag.name, "count": tag.count, "url": ""]
    }

    // MARK: ListenBrainz

    private func listenbrainz(_ request: FixtureRequest) -> FixtureResponse {
        let parts = request.path.split(separator: "/")
        guard parts.count == 4, parts[3] == "listens" else { return .notFound }
        let user = String(parts[2])
        guard let listens = library.listens[user] else { return .json(["code": 404, "error": "Cannot find user: \(user)"], status: 404) }
        let minimum = Int(request.query["min_ts"] ?? "") ?? Int.min
        let maximum = Int(request.query["max_ts"] ?? "") ?? Int.max
        let count = min(Int(request.query["count"] ?? "25") ?? 25, 1000)
        let page = listens.filter { $0.listenedAt > minimum && $0.listenedAt < maximum }
            .sorted { $0.listenedAt > $1.listenedAt }.prefix(count)
        let items = page.map { listen -> [String: Any] in
            var metadata: [String: Any] = ["artist_name": listen.artist, "track_name": listen.title,
                                           "additional_info": ["recording_msid": UUID().uuidString.lowercased()]]
            if !listen.album.isEmpty { metadata["release_name"] = listen.album }
            if !listen.recordingMBID.isEmpty { metadata["mbid_mapping"] = ["recording_mbid": listen.recordingMBID] }
            return ["listened_at": listen.listenedAt, "recording_msid": "", "user_name": user, "track_metadata": metadata]
        }
        return .json(["payload": ["count": items.count, "user_id": user, "latest_listen_ts": listens.map(\.listenedAt).max() ?? 0,
                                  "listens": Array(items)]])
    }

    // MARK: Lucene

    /// The ids of `field:(a OR b …)` or `field:a`.
    static func ids(in lucene: String, field: String) -> Set<String>? {
        guard let start = lucene.range(of: "\(field):") else { return nil }
        var rest = lucene[start.upperBound...]
        if rest.hasPrefix("(") {
            rest = rest.dropFirst()
            rest = rest.prefix { $0 != ")" }
        } else {
            rest = rest.prefix { $0 != " " }
        }
        return Set(rest.components(separatedBy: " OR ").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \"")) })
    }

    /// The phrase of `field:"…"`, with Lucene escapes removed.
    static func phrase(in lucene: String, field: String) -> String? {
        guard let start = lucene.range(of: "\(field):\"") else { return nil }
        var result = ""
        var escaped = false
        for character in lucene[start.upperBound...] {
            if escaped { result.append(character); escaped = false; continue }
            if character == "\\" { escaped = true; continue }
            if character == "\"" { break }
            result.append(character)
        }
        return result
    }

    static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }
}
