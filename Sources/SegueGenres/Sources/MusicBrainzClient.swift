import Foundation
import SegueHTTP

/// MusicBrainz's web service (`/ws/2/`), asked as little as possible: known artists 100 per
/// search request, an artist's albums by one paged release-group browse.
public struct MusicBrainzClient: Sendable {
    public struct Artist: Sendable {
        public var id: String
        public var name: String
        public var disambiguation: String
        public var score: Int
        public var tags: [RawTag]
    }

    public struct ReleaseGroup: Sendable {
        public var id: String
        public var title: String
        public var tags: [RawTag]
    }

    /// Lucene `OR` terms per search request, MusicBrainz's page-size limit.
    public static let batchSize = 100

    let host: ServiceHost
    let baseURL: String

    public init(host: ServiceHost, baseURL: String) {
        self.host = host
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
    }

    /// Tags of up to 100 artists known by MBID, in one search; ids not returned are unknown.
    public func artists(ids: [String]) throws(GenresError) -> [String: Artist] {
        let query = "arid:(" + ids.joined(separator: " OR ") + ")"
        let url = "\(baseURL)/ws/2/artist?query=\(URLQuery.encode(query))&limit=\(Self.batchSize)&fmt=json"
        let found = try host.get(url) { response throws(ResponseProblem) in try Self.parseArtistSearch(response) }
        return Dictionary(found.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// One artist by MBID, with genres and tags. A lookup follows merges: the artist
    /// returned may carry a newer MBID than the one asked for.
    public func artist(id: String) throws(GenresError) -> Lookup<Artist> {
        let url = "\(baseURL)/ws/2/artist/\(URLQuery.encode(id))?inc=genres+tags&fmt=json"
        return try host.get(url) { response throws(ResponseProblem) in
            guard let json = try Self.json(response), let artist = Self.artist(json) else { return Lookup<Artist>.notFound }
            return .found(artist)
        }
    }

    /// Candidates for an artist known only by name, best score first.
    public func searchArtist(name: String) throws(GenresError) -> [Artist] {
        let query = "artist:\"\(Self.escapeLucene(name))\""
        let url = "\(baseURL)/ws/2/artist?query=\(URLQuery.encode(query))&limit=10&fmt=json"
        return try host.get(url) { response throws(ResponseProblem) in try Self.parseArtistSearch(response) }
    }

    /// Every release group of an artist with genres and tags, browsed 100 at a time.
    public func releaseGroups(artistID: String) throws(GenresError) -> [ReleaseGroup]? {
        var groups: [ReleaseGroup] = []
        while true {
            let url = "\(baseURL)/ws/2/release-group?artist=\(URLQuery.encode(artistID))&inc=genres+tags&limit=\(Self.batchSize)&offset=\(groups.count)&fmt=json"
            guard let page = try host.get(url, parse: { response throws(ResponseProblem) in try Self.parseBrowse(response) }) else {
                return groups.isEmpty ? nil : groups
            }
            groups += page.groups
            if page.groups.isEmpty || groups.count >= page.total { return groups }
        }
    }

    /// Tags of up to 100 release groups known by MBID, in one search.
    public func releaseGroups(ids: [String]) throws(GenresError) -> [String: ReleaseGroup] {
        let query = "rgid:(" + ids.joined(separator: " OR ") + ")"
        let url = "\(baseURL)/ws/2/release-group?query=\(URLQuery.encode(query))&limit=\(Self.batchSize)&fmt=json"
        let found = try host.get(url) { response throws(ResponseProblem) in
            guard let json = try Self.json(response) else { return [ReleaseGroup]() }
            return json["release-groups"].list.compactMap(Self.releaseGroup)
        }
        return Dictionary(found.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    // MARK: Parsing

    static func parseArtistSearch(_ response: HTTPResponse) throws(ResponseProblem) -> [Artist] {
        guard let json = try json(response) else { return [] }
        return json["artists"].list.compactMap(artist)
    }

    static func artist(_ node: JSONNode) -> Artist? {
        guard let id = node["id"].nonEmptyString, let name = node["name"].string else { return nil }
        return Artist(id: id, name: name, disambiguation: node["disambiguation"].string ?? "",
                      score: node["score"].int ?? 100, tags: RawTag.musicbrainz(node))
    }

    static func releaseGroup(_ node: JSONNode) -> ReleaseGroup? {
        guard let id = node["id"].nonEmptyString, let title = node["title"].string else { return nil }
        return ReleaseGroup(id: id, title: title, tags: RawTag.musicbrainz(node))
    }

    /// One browse page, or nil when the artist is unknown (404).
    static func parseBrowse(_ response: HTTPResponse) throws(ResponseProblem) -> (groups: [ReleaseGroup], total: Int)? {
        guard let json = try json(response) else { return nil }
        let groups = json["release-groups"].list.compactMap(releaseGroup)
        return (groups, json["release-group-count"].int ?? groups.count)
    }

    /// The JSON body of a usable answer; nil for 404 (not found).
    static func json(_ response: HTTPResponse) throws(ResponseProblem) -> JSONNode? {
        switch response.status {
        case 200: return try JSONNode.parse(response.body)
        case 404: return nil
        default: throw .reject(reason: "HTTP \(response.status)")
        }
    }

    // MARK: Queries

    /// Escapes Lucene's special characters inside a phrase.
    static func escapeLucene(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if "+-&|!(){}[]^\"~*?:\\/".contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}
