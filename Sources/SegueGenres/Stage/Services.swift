import Foundation
import Logging
import SegueCore
import SegueHTTP

/// The configured services of one run, each behind its own rate limit and failure count,
/// sharing one HTTP client (one kept-alive connection per host).
struct Services {
    let musicbrainz: MusicBrainzClient?
    let lastfm: LastFMClient?
    let listenbrainz: ListenBrainzClient?
    let hosts: [ServiceHost]

    init(config: SegueConfig, logger: Logger) {
        let genres = config.genres
        let http = HTTPClient(settings: HTTPSettings(
            contact: genres.musicbrainz.contact, connectTimeoutSeconds: genres.http.connectTimeoutSeconds,
            timeoutSeconds: genres.http.timeoutSeconds, maxResponseBytes: genres.http.maxResponseBytes))
        let policy = RetryPolicy(maxConsecutiveFailures: genres.http.maxConsecutiveFailures, baseDelay: genres.http.retryBaseSeconds)
        var hosts: [ServiceHost] = []
        func host(_ name: String, _ rate: Double) -> ServiceHost {
            let host = ServiceHost(name: name, client: http, requestsPerSecond: rate, policy: policy, logger: logger)
            hosts.append(host)
            return host
        }
        musicbrainz = genres.musicbrainz.enabled
            ? MusicBrainzClient(host: host("MusicBrainz", genres.musicbrainz.requestsPerSecond), baseURL: genres.musicbrainz.baseURL)
            : nil
        lastfm = genres.lastfm.apiKey.map {
            LastFMClient(host: host("Last.fm", genres.lastfm.requestsPerSecond), baseURL: genres.lastfm.baseURL, apiKey: $0)
        }
        listenbrainz = config.history.listenbrainzUser == nil ? nil
            : ListenBrainzClient(host: host("ListenBrainz", GenresStage.listenBrainzRequestsPerSecond), baseURL: config.history.listenbrainzBaseURL)
        self.hosts = hosts
    }

    var requestCount: Int { hosts.reduce(0) { $0 + $1.requestCount } }

    func isGivenUp(_ source: String) -> Bool {
        switch source {
        case LastFMFetcher.source: lastfm?.host.isGivenUp ?? false
        case MusicBrainzFetcher.source: musicbrainz?.host.isGivenUp ?? false
        default: listenbrainz?.host.isGivenUp ?? false
        }
    }
}
