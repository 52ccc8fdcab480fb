import Foundation

/// The faults the fixture server can inject in place of a route's answer.
public enum FixtureFault: Sendable {
    /// HTTP 503, as MusicBrainz answers a client over its rate, with `Retry-After` seconds.
    case serviceUnavailable(retryAfter: Int?)
    case tooManyRequests(retryAfter: Int?)
    case serverError(status: Int)
    /// The right answer, but only after `seconds` (set beyond the client's timeout).
    case slow(seconds: Double)
    case connectionReset
    /// The right status and length, half the body, then the connection closes.
    case truncated
    /// HTTP 200 with a body that is not JSON.
    case malformedJSON
    /// A proxy's HTML error page.
    case htmlErrorPage(status: Int)
    /// A Last.fm error object with HTTP 200: 6 not found, 8/11/16 retry later, 26 suspended key, 29 rate limit.
    case lastfmError(code: Int)

    /// The response standing in for `normal`, the route's own answer.
    func response(replacing normal: FixtureResponse) -> FixtureResponse {
        switch self {
        case let .serviceUnavailable(retryAfter):
            var response = FixtureResponse.text("<html><body>503 Service Temporarily Unavailable</body></html>", status: 503, contentType: "text/html")
            if let retryAfter { response.headers.append(("Retry-After", String(retryAfter))) }
            return response
        case let .tooManyRequests(retryAfter):
            var response = FixtureResponse.json(["error": "rate limit exceeded"], status: 429)
            if let retryAfter { response.headers.append(("Retry-After", String(retryAfter))) }
            return response
        case let .serverError(status):
            return .json(["error": "internal server error"], status: status)
        case let .slow(seconds):
            var response = normal
            response.delay = seconds
            return response
        case .connectionReset:
            return FixtureResponse(delivery: .reset)
        case .truncated:
            var response = normal
            response.delivery = .truncated
            return response
        case .malformedJSON:
            return .json(data: Data("{\"artists\": [{\"id\": \"".utf8))
        case let .htmlErrorPage(status):
            return .text("<!DOCTYPE html><html><head><title>Bad Gateway</title></head><body><h1>\(status)</h1></body></html>",
                         status: status, contentType: "text/html")
        case let .lastfmError(code):
            return .json(["error": code, "message": "Fixture error \(code)", "links": [String]()])
        }
    }
}

/// Injects `fault` into matching requests, `times` times (nil: every time).
public struct FixtureFaultRule: Sendable {
    public var fault: FixtureFault
    /// Only requests whose path starts with this (and whose query holds `queryContains`).
    public var pathPrefix: String?
    public var queryContains: String?
    /// Only these request numbers (1-based, counted over the whole server).
    public var requestNumbers: Set<Int>?
    public var times: Int?

    public init(_ fault: FixtureFault, pathPrefix: String? = nil, queryContains: String? = nil,
                requestNumbers: Set<Int>? = nil, times: Int? = 1) {
        self.fault = fault
        self.pathPrefix = pathPrefix
        self.queryContains = queryContains
        self.requestNumbers = requestNumbers
        self.times = times
    }

    func matches(_ request: FixtureRequest) -> Bool {
        if let pathPrefix, !request.path.hasPrefix(pathPrefix) { return false }
        if let queryContains {
            let decoded = (request.target.removingPercentEncoding ?? request.target).replacingOccurrences(of: "+", with: " ")
            if !decoded.contains(queryContains) { return false }
        }
        if let requestNumbers, !requestNumbers.contains(request.number) { return false }
        return true
    }
}
