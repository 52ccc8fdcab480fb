import SegueCore

/// Why `segue-index` or an index query could not go on.
public enum IndexError: SegueError {
    case database(path: String, reason: String)
    /// `segue-index` has not built an index in this database yet.
    case noIndex(path: String)
    /// The stored index is incomplete or of another format.
    case corrupt(path: String, reason: String)
    /// FAISS could not cluster the tracks for the approximate search.
    case clustering(reason: String)

    public var exitStatus: ExitStatus { .failure }

    public var message: String {
        switch self {
        case let .database(path, reason):
            "database \(path): \(reason)"
        case let .noIndex(path):
            "no similarity index in \(path); run segue-index first"
        case let .corrupt(path, reason):
            "similarity index in \(path) is unusable (\(reason)); rerun segue-index --force"
        case let .clustering(reason):
            "clustering the tracks for the approximate search failed (\(reason)); segue-index --exact does without"
        }
    }
}
