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
    /// 1 for the server's first request, counting every connection.
    public var number: Int
    /// Which connection carried it (1, 2, …): equal numbers mean a kept-alive connection.
    public var connection: Int
    public var receivedAt: Date

    init(method: String, target: String, headers: [String: String], number: Int, connection: Int, receivedAt: Date) {
        self.method = method
        self.target = target
        self.headers = headers
        self.number = number
        self.connection = connection
        self.receivedAt = receivedAt
        let parts = target.split(separator: "?", maxSplits: 1).map(String.init)
        path = parts[0].removingPercentEncoding ?? parts[0]
        var query: [String: String] = [:]
        if parts.count > 1 {
            for pair in parts[1].split(separator: "&") {
                let keyValue = pair.split(separator: "=", maxSplits: 1).map {
                    String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
                }
                query[keyValue[0]] = keyValue.count > 1 ? keyValue[1] : ""
            }
        }
        self.query = query
    }
}
