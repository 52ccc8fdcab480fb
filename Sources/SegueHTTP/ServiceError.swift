import SegueCore

/// How a request to a service ended when it produced no value.
public enum ServiceError: SegueError, Equatable {
    /// The host failed too often in a row, or refused us outright, and is left alone for the
    /// rest of the run.
    case givenUp(service: String, reason: String)
    /// This one request will not succeed (an HTTP 400, say); the host is kept.
    case rejected(url: String, reason: String)

    public var exitStatus: ExitStatus {
        switch self {
        case .givenUp: .temporary
        case .rejected: .failure
        }
    }

    public var message: String {
        switch self {
        case let .givenUp(service, reason): "\(service) given up for this run: \(reason)"
        case let .rejected(url, reason): "\(HTTPClient.redact(url)): \(reason)"
        }
    }
}
