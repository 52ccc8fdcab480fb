import Foundation
import SegueHTTP

/// ListenBrainz's public API (`/1/`): a user's listens, no key needed.
public struct ListenBrainzClient: Sendable {
    let host: ServiceHost
    let baseURL: String

    /// Listens per request, the API's maximum.
    public static let pageSize = 1000

    public init(host: ServiceHost, baseURL: String) {
        self.host = host
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
    }

    /// Up to `pageSize` listens after `after` and before `before`, newest first.
    public func listens(user: String, after: Date, before: Date?) throws(GenresError) -> Lookup<[Listen]> {
        var url = "\(baseURL)/1/user/\(URLQuery.encode(user))/listens?count=\(Self.pageSize)&min_ts=\(Int(after.timeIntervalSince1970))"
        if let before { url += "&max_ts=\(Int(before.timeIntervalSince1970))" }
        return try host.get(url) { response throws(ResponseProblem) in
            switch response.status {
            case 200: return .found(Self.parse(try JSONNode.parse(response.body)))
            case 404: return Lookup<[Listen]>.notFound
            default: throw .reject(reason: "HTTP \(response.status)")
            }
        }
    }

    static func parse(_ json: JSONNode) -> [Listen] {
        json["payload"]["listens"].list.compactMap { item in
            let metadata = item["track_metadata"]
            guard let time = item["listened_at"].double, let artist = metadata["artist_name"].nonEmptyString,
                  let title = metadata["track_name"].nonEmptyString else { return nil }
            let mbid = metadata["mbid_mapping"]["recording_mbid"].nonEmptyString
                ?? metadata["additional_info"]["recording_mbid"].nonEmptyString
            return Listen(source: "listenbrainz", listenedAt: Date(timeIntervalSince1970: time), artist: artist, title: title,
                          album: metadata["release_name"].nonEmptyString, recordingMBID: mbid)
        }
    }
}
