import SegueCore
import SegueHTTP

/// Errors of `segue-genres`, each one line naming the service or URL at fault.
public enum GenresError: SegueError {
    /// A host failed too often in a row and is left alone for the rest of the run.
    case serviceGivenUp(service: String, reason: String)
    /// One request got an answer that will not improve by asking again (an HTTP 400, say).
    case requestRejected(url: String, reason: String)
    case database(path: String, reason: String)
    /// SIGINT or SIGTERM stopped the run between two committed requests.
    case interrupted(StageInterruption)

    init(_ error: ServiceError) {
        switch error {
        case let .givenUp(service, reason): self = .serviceGivenUp(service: service, reason: reason)
        case let .rejected(url, reason): self = .requestRejected(url: url, reason: reason)
        }
    }

    public var exitStatus: ExitStatus {
        switch self {
        case .serviceGivenUp: .temporary
        case .requestRejected, .database, .interrupted: .failure
        }
    }

    public var interruption: StageInterruption? {
        if case let .interrupted(interruption) = self { return interruption }
        return nil
    }

    public var message: String {
        switch self {
        case let .serviceGivenUp(service, reason):
            "\(service) given up for this run: \(reason)"
        case let .requestRejected(url, reason):
            "\(HTTPClient.redact(url)): \(reason)"
        case let .database(path, reason):
            "database \(path): \(reason)"
        case let .interrupted(interruption):
            interruption.message
        }
    }
}
