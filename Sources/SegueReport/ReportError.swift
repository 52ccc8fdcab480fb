import SegueCore

/// Why the report could not be written.
public enum ReportError: SegueError {
    case unreadable(database: String, reason: String)
    case unwritable(path: String, reason: String)

    public var exitStatus: ExitStatus { .failure }

    public var message: String {
        switch self {
        case let .unreadable(database, reason): "cannot read the report's data from \(database): \(reason)"
        case let .unwritable(path, reason): "cannot write report \(path): \(reason)"
        }
    }
}
