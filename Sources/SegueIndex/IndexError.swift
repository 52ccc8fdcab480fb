import SegueCore

/// Why `segue-index` or an index query could not go on.
public enum IndexError: SegueError {
    case database(path: String, reason: String)
    /// `segue-index` has not built an index in this database yet.
    case noIndex(path: String)
    /// The stored index is incomplete or of another format.
    case corrupt(path: String, reason: String)
    /// SIGINT or SIGTERM stopped the build before the index was written; the old one stands.
    case interrupted(StageInterruption)

    public var exitStatus: ExitStatus { .failure }

    public var interruption: StageInterruption? {
        if case let .interrupted(interruption) = self { return interruption }
        return nil
    }

    public var message: String {
        switch self {
        case let .database(path, reason):
            "database \(path): \(reason)"
        case let .noIndex(path):
            "no similarity index in \(path); run segue-index first"
        case let .corrupt(path, reason):
            "similarity index in \(path) is unusable (\(reason)); rerun segue-index --force"
        case let .interrupted(interruption):
            interruption.message
        }
    }
}
