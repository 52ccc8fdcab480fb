import Foundation
import SegueHTTP

/// Last.fm's API (`/2.0/`): top tags of artists and albums, similar artists, a user's
/// scrobbles. Its errors mostly arrive with HTTP 200 and a JSON `error` code.
public struct LastFMClient: Sendable {
    public struct SimilarArtist: Sendable, Equatable {
        public var name: String
        public var mbid: String?
        public var match: Double
    }

    public struct RecentTracksPage: Sendable {
        public var listens: [Listen]
        public var totalPages: Int
    }

    let host: ServiceHost
    let baseURL: String
    let apiKey: String

    public init(host: ServiceHost, baseURL: String, apiKey: String) {
        self.host = host
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.apiKey = apiKey
    }

    public func artistTopTags(artist: String) throws(GenresError) -> Lookup<[RawTag]> {
        try call(["method": "artist.getTopTags", "artist": artist, "autocorrect": "1"]) { json in
            Self.tags(json["toptags"])
        }
    }

    public func albumTopTags(artist: String, album: String) throws(GenresError) -> Lookup<[RawTag]> {
        try call(["method": "album.getTopTags", "artist": artist, "album": album, "autocorrect": "1"]) { json in
            Self.tags(json["toptags"])
        }
    }

    public func similarArtists(artist: String, limit: Int = 50) throws(GenresError) -> Lookup<[SimilarArtist]> {
        try call(["method": "artist.getSimilar", "artist": artist, "autocorrect": "1", "limit": String(limit)]) { json in
            Self.similar(json["similarartists"])
        }
    }

    /// One page (newest first) of the plays since `from`.
    public func recentTracks(user: String, from: Date, page: Int, limit: Int = 200) throws(GenresError) -> Lookup<RecentTracksPage> {
        try call(["method": "user.getRecentTracks", "user": user, "from": String(Int(from.timeIntervalSince1970)),
                  "page": String(page), "limit": String(limit)]) { json in
            Self.recentTracks(json["recenttracks"])
        }
    }

    // MARK: Parsing

    static func tags(_ node: JSONNode) -> [RawTag] {
        node["tag"].list.compactMap { tag in
            tag["name"].nonEmptyString.map { RawTag(name: $0, count: tag["count"].int ?? 0) }
        }
    }

    static func similar(_ node: JSONNode) -> [SimilarArtist] {
        node["artist"].list.compactMap { artist in
            guard let name = artist["name"].nonEmptyString else { return nil }
            return SimilarArtist(name: name, mbid: artist["mbid"].nonEmptyString, match: artist["match"].double ?? 0)
        }
    }

    static func recentTracks(_ node: JSONNode) -> RecentTracksPage {
        let listens = node["track"].list.compactMap { track -> Listen? in
            // The track playing now has no date yet; it is fetched once it has been played.
            guard let uts = track["date"]["uts"].double, let title = track["name"].nonEmptyString,
                  let artist = track["artist"]["#text"].nonEmptyString ?? track["artist"]["name"].nonEmptyString else { return nil }
            return Listen(source: "lastfm", listenedAt: Date(timeIntervalSince1970: uts), artist: artist, title: title,
                          album: track["album"]["#text"].nonEmptyString, recordingMBID: track["mbid"].nonEmptyString)
        }
        return RecentTracksPage(listens: listens, totalPages: node["@attr"]["totalPages"].int ?? 1)
    }

    /// Sorts Last.fm's error codes: 6 is "not found"; 8, 11, 16 (try later) and 29 (rate
    /// limit) are retried with backoff; 9, 10 and 26 (bad or suspended key) end Last.fm for the run.
    static func classify(_ response: HTTPResponse) throws(ResponseProblem) -> JSONNode? {
        let json = try JSONNode.parse(response.body)
        guard let code = json["error"].int else {
            guard response.status == 200 else { throw .reject(reason: "HTTP \(response.status)") }
            return json
        }
        let message = json["message"].string ?? "error \(code)"
        switch code {
        case 6: return nil
        case 8, 11, 16: throw .retry(reason: "Last.fm error \(code): \(message)")
        case 29: throw .retry(reason: "Last.fm error 29: \(message)")
        case 9, 10, 26: throw .fatal(reason: "Last.fm error \(code): \(message)")
        default: throw .reject(reason: "Last.fm error \(code): \(message)")
        }
    }

    private func call<T: Sendable>(_ parameters: [String: String], parse: (JSONNode) -> T) throws(GenresError) -> Lookup<T> {
        var pairs = parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\(URLQuery.encode($0.value))" }
        pairs += ["api_key=\(URLQuery.encode(apiKey))", "format=json"]
        let url = "\(baseURL)/2.0/?" + pairs.joined(separator: "&")
        return try host.get(url) { response throws(ResponseProblem) in
            guard let json = try Self.classify(response) else { return Lookup<T>.notFound }
            return .found(parse(json))
        }
    }
}
