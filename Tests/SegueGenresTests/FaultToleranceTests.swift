import Foundation
import SegueCore
import SegueHTTP
@testable import SegueGenres
import SegueTestSupport
import Testing

/// Every injected fault is survived: nothing lost, nothing cached wrongly.
@Suite struct FaultToleranceTests {
    static let musicbrainzFaults: [FixtureFault] = [
        .serviceUnavailable(retryAfter: nil), .tooManyRequests(retryAfter: nil), .serverError(status: 500),
        .slow(seconds: 1.6), .connectionReset, .truncated, .malformedJSON, .htmlErrorPage(status: 502), .htmlErrorPage(status: 200),
    ]

    @Test(arguments: musicbrainzFaults)
    func musicBrainzFaultIsRetried(_ fault: FixtureFault) throws {
        let bed = try GenresTestBed(artists: 150, albumsPerArtist: 0)
        bed.services.server.inject(FixtureFaultRule(fault, pathPrefix: "/ws/2/artist", times: 2))
        let outcome = try bed.run(GenresOptions(only: .artists))
        #expect(outcome.status == .ok)
        #expect(bed.services.requests(.musicbrainz).count == 4)
        #expect(try bed.count("SELECT COUNT(*) FROM genre_cache WHERE status = 'found'") == 150)
        #expect(try bed.count("SELECT COUNT(*) FROM genre_cache WHERE status != 'found'") == 0)
        #expect(try bed.count("SELECT COUNT(DISTINCT artist_id) FROM artist_genres") == 150)
    }

    @Test func retryAfterIsHonoured() throws {
        let bed = try GenresTestBed(artists: 5, albumsPerArtist: 0)
        bed.services.server.inject(FixtureFaultRule(.serviceUnavailable(retryAfter: 1), pathPrefix: "/ws/2/"))
        _ = try bed.run(GenresOptions(only: .artists))
        let times = bed.services.requests(.musicbrainz).map(\.receivedAt)
        #expect(times.count == 2)
        #expect(bed.services.server.faultedRequests.map(\.number) == [1])
        // No request within the Retry-After window, less the time a request may wait in the
        // server before it is recorded; the client's own backoff would retry within 0.05 s.
        #expect(times[1].timeIntervalSince(times[0]) >= 1 - GenresTestBed.arrivalJitter)
        #expect(try bed.count("SELECT COUNT(*) FROM genre_cache WHERE status = 'found'") == 5)
    }

    @Test func repeatedFailuresGiveTheHostUpAndCacheNothing() throws {
        let bed = try GenresTestBed(artists: 250, albumsPerArtist: 0)
        // The second batch fails for good; the first is kept, nothing else is cached.
        bed.services.server.inject(FixtureFaultRule(.connectionReset, pathPrefix: "/ws/2/artist", requestNumbers: Set(2...50), times: nil))
        let outcome = try bed.run(GenresOptions(only: .artists))
        #expect(outcome.status == .temporary)
        #expect(outcome.count("pending") == 150)
        // 1 good request and 5 failures (libcurl itself retries a reused connection found
        // dead once, so the server may see one more), then MusicBrainz is left alone.
        #expect((6...7).contains(bed.services.requests(.musicbrainz).count))
        #expect(try bed.count("SELECT COUNT(*) FROM genre_cache") == 100)
        bed.services.server.clearFaults()
        let rerun = try bed.run(GenresOptions(only: .artists))
        #expect(rerun.status == .ok)
        #expect(try bed.count("SELECT COUNT(*) FROM genre_cache WHERE status = 'found'") == 250)
    }

    @Test(arguments: [8, 11, 16, 29])
    func lastfmTransientErrorsAreRetried(_ code: Int) throws {
        let bed = try GenresTestBed(artists: 3, albumsPerArtist: 0)
        bed.services.server.inject(FixtureFaultRule(.lastfmError(code: code), pathPrefix: "/2.0", times: 2))
        let outcome = try bed.run(GenresOptions(only: .artists), yaml: bed.yaml(lastfmKey: "k3y"))
        #expect(outcome.status == .ok)
        // Both errors were sent, and both requests were asked again: tags and similar artists of 3 artists, plus 2.
        #expect(bed.services.server.faultedRequests.count == 2)
        #expect(bed.services.server.faultedRequests.allSatisfy { $0.path.hasPrefix("/2.0") })
        #expect(bed.services.requests(.lastfm).count == 3 * 2 + 2)
        #expect(try bed.count("SELECT COUNT(*) FROM genre_cache WHERE source = 'lastfm' AND status = 'found'") == 6)
        #expect(try bed.count("SELECT COUNT(*) FROM genre_cache WHERE status = 'not_found'") == 0)
    }

    @Test func lastfmNotFoundIsCachedAsSuch() throws {
        let bed = try GenresTestBed(artists: 3, albumsPerArtist: 0)
        bed.services.server.inject(FixtureFaultRule(.lastfmError(code: 6), pathPrefix: "/2.0", queryContains: "artist=Artist 1", times: nil))
        let outcome = try bed.run(GenresOptions(only: .artists), yaml: bed.yaml(lastfmKey: "k3y"))
        #expect(outcome.status == .ok)
        #expect(try bed.count("SELECT COUNT(*) FROM genre_cache WHERE source = 'lastfm' AND status = 'not_found'") == 2)
        #expect(try bed.count("SELECT COUNT(*) FROM genre_cache WHERE source = 'lastfm' AND status = 'found'") == 4)
    }

    @Test func suspendedKeyGivesLastfmUpAndMusicBrainzGoesOn() throws {
        let bed = try GenresTestBed(artists: 4, albumsPerArtist: 1)
        bed.services.server.inject(FixtureFaultRule(.lastfmError(code: 26), pathPrefix: "/2.0", times: nil))
        let outcome = try bed.run(yaml: bed.yaml(lastfmKey: "k3y"))
        #expect(outcome.status == .temporary)
        #expect(outcome.summary.contains("Last.fm given up"))
        #expect(bed.services.requests(.lastfm).count == 1)
        #expect(try bed.count("SELECT COUNT(*) FROM genre_cache WHERE source = 'lastfm'") == 0)
        #expect(try bed.count("SELECT COUNT(*) FROM genre_cache WHERE source = 'musicbrainz' AND status = 'found'") == 8)
    }

    @Test func retryDelaysGrowWithJitterAndHonourRetryAfter() {
        let policy = RetryPolicy(maxConsecutiveFailures: 5, baseDelay: 1)
        #expect(policy.delay(attempt: 1, retryAfter: nil, jitter: 1) == 1)
        #expect(policy.delay(attempt: 3, retryAfter: nil, jitter: 1) == 4)
        #expect(policy.delay(attempt: 3, retryAfter: nil, jitter: 0.75) == 3)
        #expect(policy.delay(attempt: 1, retryAfter: 30, jitter: 1) == 30)
        #expect(policy.delay(attempt: 20, retryAfter: nil, jitter: 1) == 120)
    }

    @Test func retryAfterForms() {
        let now = Date(timeIntervalSince1970: 1_445_412_480)
        #expect(HTTPResponse(status: 503, headers: ["retry-after": "7"], body: Data()).retryAfter(now: now) == 7)
        #expect(HTTPResponse(status: 503, headers: ["retry-after": "Wed, 21 Oct 2015 07:28:30 GMT"], body: Data()).retryAfter(now: now) == 30)
        #expect(HTTPResponse(status: 429, headers: ["x-ratelimit-reset-in": "3"], body: Data()).retryAfter(now: now) == 3)
        #expect(HTTPResponse(status: 503, headers: [:], body: Data()).retryAfter(now: now) == nil)
    }

    @Test func apiKeysAreRedacted() {
        #expect(HTTPClient.redact("http://h/2.0/?artist=A&api_key=s3cret&format=json") == "http://h/2.0/?artist=A&api_key=REDACTED&format=json")
        #expect(HTTPClient.redact("http://h/2.0/?API_KEY=s3cret") == "http://h/2.0/?API_KEY=REDACTED")
        #expect(GenresError.requestRejected(url: "http://h/?api_key=s3cret", reason: "HTTP 400").message.contains("s3cret") == false)
    }

    @Test func responsesOverTheCapAreRefused() throws {
        let server = try FixtureServer { _ in .json(data: Data(repeating: 0x20, count: 200_000)) }
        defer { server.stop() }
        let client = HTTPClient(settings: HTTPSettings(contact: "t@example.invalid", maxResponseBytes: 100_000))
        #expect(throws: TransportError.tooLarge(limit: 100_000)) { try client.get(server.baseURL + "/big") }
    }
}

extension FixtureFault: CustomTestStringConvertible {
    public var testDescription: String { String(describing: self) }
}
