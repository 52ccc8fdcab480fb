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

    /// `Retry-After` in seconds, when given as a number of seconds.
    public var retryAfter: Double? {
        headers["retry-after"].flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
    }
}

/// Why a request got no complete response.
public enum TransportError: Error, Sendable, Equatable {
    case timeout
    case connection(String)
    case tooLarge(limit: Int)
    case invalidURL

    var reason: String {
        switch self {
        case .timeout: "timed out"
        case let .connection(detail): "connection failed: \(detail)"
        case let .tooLarge(limit): "response larger than \(limit) bytes"
        case .invalidURL: "invalid URL"
        }
    }
}
