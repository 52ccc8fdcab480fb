import SegueCore

/// Why export failed as a whole, naming the file, flag or value at fault.
public enum PlaylistError: SegueError {
    case noIndex(reason: String)
    case write(path: String, reason: String)
    case remove(path: String, reason: String)
    case unknownSeed(flag: String, value: String)
    case database(reason: String)

    public var exitStatus: ExitStatus {
        switch self {
        case .unknownSeed: .usage
        case .noIndex, .write, .remove, .database: .failure
        }
    }

    public var message: String {
        switch self {
        case let .noIndex(reason):
            "no similarity index to build playlists from (run segue-index first): \(reason)"
        case let .write(path, reason):
            "cannot write playlist \(path): \(reason)"
        case let .remove(path, reason):
            "cannot remove old playlist \(path): \(reason)"
        case let .unknownSeed(flag, value):
            "\(flag) '\(value)' matches no track in the library"
        case let .database(reason):
            "database error: \(reason)"
        }
    }
}
