import Foundation

/// One request: GET by default, or a POST with a body (a form, JSON), or a DELETE.
public struct HTTPRequest: Sendable {
    public enum Method: String, Sendable {
        case get = "GET", post = "POST", delete = "DELETE"
    }

    public var method: Method
    public var url: String
    /// Whole header lines, `Name: value`.
    public var headers: [String]
    public var body: Data?

    public init(_ method: Method = .get, url: String, headers: [String] = ["Accept: application/json"], body: Data? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// A POST of `application/x-www-form-urlencoded` fields, kept out of the URL (and so out of
    /// server logs and of any URL length limit).
    public static func form(url: String, fields: [(String, String)], headers: [String] = ["Accept: application/json"]) -> HTTPRequest {
        HTTPRequest(.post, url: url, headers: headers + ["Content-Type: application/x-www-form-urlencoded"],
                    body: Data(URLQuery.string(fields).utf8))
    }
}
