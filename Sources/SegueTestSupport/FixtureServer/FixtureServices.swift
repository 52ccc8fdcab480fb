import Foundation

/// MusicBrainz, Last.fm and ListenBrainz simulated on one fixture server, answering for a
/// `FixtureLibrary` in the shape of the recorded responses (batched `arid:(…)` searches
/// return as many artists as asked for), and replaying the recorded files where the
/// request matches the one that produced them.
public final class FixtureServices: @unchecked Sendable {
    public enum Service: String, Sendable, CaseIterable {
        case musicbrainz, lastfm, listenbrainz

        var pathPrefix: String {
            switch self {
            case .musicbrainz: "/ws/2/"
            case .lastfm: "/2.0"
            case .listenbrainz: "/1/"
            }
        }
    }

    public let server: FixtureServer
    private let state: State

    private final class State: @unchecked Sendable {
        let lock = NSLock()
        var library: FixtureLibrary
        var down: Set<Service> = []

        init(library: FixtureLibrary) {
            self.library = library
        }
    }

    public init(library: FixtureLibrary, port: Int = 0, requestLog: String? = nil) throws {
        let state = State(library: library)
        self.state = state
        server = try FixtureServer(port: port, requestLog: requestLog) { request in
            state.lock.lock()
            let library = state.library
            let down = state.down
            state.lock.unlock()
            if let service = Service.allCases.first(where: { request.path.hasPrefix($0.pathPrefix) }), down.contains(service) {
                return .text("<html><body>503 Service Unavailable</body></html>", status: 503, contentType: "text/html")
            }
            return FixtureRoutes(library: library).respond(to: request)
        }
    }

    deinit {
        server.stop()
    }

    /// The service root for every `base_url`: all three services share the server.
    public var baseURL: String { server.baseURL }

    /// A service that answers every request with 503 until brought back.
    public func setDown(_ service: Service, _ isDown: Bool = true) {
        state.lock.lock()
        if isDown { state.down.insert(service) } else { state.down.remove(service) }
        state.lock.unlock()
    }

    public func updateLibrary(_ change: (inout FixtureLibrary) -> Void) {
        state.lock.lock()
        change(&state.library)
        state.lock.unlock()
    }

    public func requests(_ service: Service) -> [FixtureRequest] {
        server.requests(pathPrefix: service.pathPrefix)
    }
}
