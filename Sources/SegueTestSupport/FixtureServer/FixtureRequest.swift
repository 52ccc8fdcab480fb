import Foundation

/// One request as the fixture server received it.
public struct FixtureRequest: Sendable {
    public var method: String
    /// The path without the query, percent-decoded: `/ws/2/artist`.
    public var path: String
    /// Query parameters, percent- and plus-decoded.
    public var query: [String: String]
    /// The request target exactly as sent.
    public var target: String
    /// Header names lower-cased.
    public var headers: [String: String]
    public var body: Data
    /// Every parameter in order, repeated keys kept (Subsonic's `songId`): the query's, then a
    /// form body's.
    public var parameters: [(String, String)]
    /// 1 for the server's first request, counting every connection.
    public var number: Int
    /// Which connection carried it (1, 2, …): equal numbers mean a kept-alive connection.
    public var connection: Int
    public var receivedAt: Date

    init(method: String, target: String, headers: [String: String], body: Data = Data(), number: Int, connection: Int, receivedAt: Date) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
        self.number = number
        self.connection = connection
        self.receivedAt = receivedAt
        let parts = target.split(separator: "?", maxSplits: 1).map(String.init)
        path = parts[0].removingPercentEncoding ?? parts[0]
        let queryPairs = parts.count > 1 ? Self.pairs(parts[1]) : []
        var query: [String: String] = [:]
        for (key, value) in queryPairs { query[key] = value }
        self.query = query
        let isForm = headers["content-type"]?.hasPrefix("application/x-www-form-urlencoded") == true
        parameters = queryPairs + (isForm ? Self.pairs(String(decoding: body, as: UTF8.self)) : [])
    }

    /// `a=1&b=x+y` decoded into pairs, in order.
    static func pairs(_ text: String) -> [(String, String)] {
        text.split(separator: "&").map { pair in
            let keyValue = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            return (keyValue[0], keyValue.count > 1 ? keyValue[1] : "")
        }
    }

    /// Every value of a parameter (query or form), in order.
    public func values(_ key: String) -> [String] {
        parameters.filter { $0.0 == key }.map(\.1)
    }
}
