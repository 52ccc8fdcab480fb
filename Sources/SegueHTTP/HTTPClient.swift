import Foundation

/// HTTP over libcurl with one kept-alive connection per host.
///
/// Requests to one host run one at a time on that host's handle (politeness limits make
/// parallel requests to one host pointless); different hosts proceed independently.
public final class HTTPClient: @unchecked Sendable {
    private let settings: HTTPSettings
    private let lock = NSLock()
    private var connections: [String: Slot] = [:]

    private final class Slot {
        let lock = NSLock()
        var connection: CurlConnection?
    }

    public init(settings: HTTPSettings) {
        self.settings = settings
    }

    public func get(_ url: String, headers: [String] = ["Accept: application/json"]) throws(TransportError) -> HTTPResponse {
        try send(HTTPRequest(url: url, headers: headers))
    }

    public func send(_ request: HTTPRequest) throws(TransportError) -> HTTPResponse {
        guard let components = URLComponents(string: request.url), let host = components.host,
              components.scheme == "http" || components.scheme == "https" else { throw .invalidURL }
        let slot = slot(for: "\(components.scheme!)://\(host):\(components.port ?? 0)")
        slot.lock.lock()
        defer { slot.lock.unlock() }
        if slot.connection == nil { slot.connection = try CurlConnection(settings: settings) }
        do {
            return try slot.connection!.perform(request)
        } catch {
            // A connection that failed mid-request may be half-closed: start the next one afresh.
            slot.connection = nil
            throw error
        }
    }

    private func slot(for key: String) -> Slot {
        lock.lock()
        defer { lock.unlock() }
        if let slot = connections[key] { return slot }
        let slot = Slot()
        connections[key] = slot
        return slot
    }

    /// `url` with the value of every secret parameter hidden, for logs and messages: API keys,
    /// and Subsonic's password (`p`), token (`t`) and salt (`s`).
    public static func redact(_ url: String) -> String {
        guard let regex = try? NSRegularExpression(pattern: "((?:^|[?&])(?:api_?key|p|t|s|password|token)=)[^&#]*",
                                                   options: [.caseInsensitive]) else { return url }
        return regex.stringByReplacingMatches(in: url, range: NSRange(url.startIndex..., in: url), withTemplate: "$1REDACTED")
    }
}
