import Foundation

/// What the fixture server sends back: a response, or one of the ways a server misbehaves.
public struct FixtureResponse: Sendable {
    public enum Delivery: Sendable {
        case normal
        /// Close the connection without answering, with an RST (SO_LINGER 0).
        case reset
        /// Announce the whole body, send half of it, close.
        case truncated
    }

    public var status: Int
    public var headers: [(String, String)]
    public var body: Data
    /// Wait this long before answering (beyond the client's timeout, to test it).
    public var delay: Double
    public var delivery: Delivery

    public init(status: Int = 200, headers: [(String, String)] = [], body: Data = Data(), delay: Double = 0,
                delivery: Delivery = .normal) {
        self.status = status
        self.headers = headers
        self.body = body
        self.delay = delay
        self.delivery = delivery
    }

    public static func json(_ object: Any, status: Int = 200) -> FixtureResponse {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return json(data: data, status: status)
    }

    public static func json(data: Data, status: Int = 200) -> FixtureResponse {
        FixtureResponse(status: status, headers: [("Content-Type", "application/json; charset=utf-8")], body: data)
    }

    public static func text(_ text: String, status: Int, contentType: String = "text/plain") -> FixtureResponse {
        FixtureResponse(status: status, headers: [("Content-Type", contentType)], body: Data(text.utf8))
    }

    public static let notFound = json(["error": "Not Found"], status: 404)
}
