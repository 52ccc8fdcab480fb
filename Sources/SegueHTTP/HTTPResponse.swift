import Foundation

/// A complete HTTP response: status, headers (names lower-cased) and body.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String], body: Data) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// How long the server asks us to wait: `Retry-After` in seconds or as an HTTP date,
    /// else ListenBrainz's `X-RateLimit-Reset-In`.
    public func retryAfter(now: Date = Date()) -> Double? {
        if let value = headers["retry-after"]?.trimmingCharacters(in: .whitespaces) {
            if let seconds = Double(value) { return max(seconds, 0) }
            if let date = Self.httpDate.date(from: value) { return max(date.timeIntervalSince(now), 0) }
        }
        return headers["x-ratelimit-reset-in"].flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
    }

    private static let httpDate: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter
    }()
}

/// Why a request got no complete response.
public enum TransportError: Error, Sendable, Equatable {
    case timeout
    case connection(String)
    case tooLarge(limit: Int)
    case invalidURL

    public var reason: String {
        switch self {
        case .timeout: "timed out"
        case let .connection(detail): "connection failed: \(detail)"
        case let .tooLarge(limit): "response larger than \(limit) bytes"
        case .invalidURL: "invalid URL"
        }
    }
}
