import SegueCore

/// What stops a scan as a whole (a single bad file never does).
public enum ScanError: SegueError {
    /// A configured music folder is missing or unreadable: scanning on would mark all of
    /// its tracks missing (an unmounted disk), so the scan stops.
    case musicFolderMissing(path: String, reason: String)
    case database(path: String, reason: String)

    public var exitStatus: ExitStatus {
        switch self {
        case .musicFolderMissing, .database: .failure
        }
    }

    public var message: String {
        switch self {
        case let .musicFolderMissing(path, reason):
            "music folder \(path) (library.music_dirs) cannot be read: \(reason); nothing was changed"
        case let .database(path, reason):
            "database \(path): \(reason)"
        }
    }
}
