import GRDB
import SegueCore

/// What stops `segue-analyze` as a whole; per-track problems are `AnalysisFailure`s instead.
public enum AnalysisError: SegueError {
    case invalidWorkers(String)
    case databaseBusy(path: String)
    case database(path: String, reason: String)
    /// The worker processes could not be started (or a replacement could not), which no
    /// track is to blame for.
    case workerStart(reason: String)

    public var exitStatus: ExitStatus {
        switch self {
        case .invalidWorkers: .usage
        case .databaseBusy: .temporary
        case .database, .workerStart: .failure
        }
    }

    public var message: String {
        switch self {
        case let .invalidWorkers(value):
            "--workers must be a positive number or 'auto', found '\(value)'"
        case let .databaseBusy(path):
            "database \(path) stayed locked by another writer; rerun later (finished batches are kept)"
        case let .database(path, reason):
            "database \(path): \(reason)"
        case let .workerStart(reason):
            "cannot start an analysis worker: \(reason)"
        }
    }

    /// Maps a GRDB error to a stage error; a lock held past the busy timeout is temporary.
    static func wrap(_ error: any Error, path: String) -> AnalysisError {
        if let error = error as? AnalysisError { return error }
        if let error = error as? DatabaseError {
            if error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
                return .databaseBusy(path: path)
            }
            return .database(path: path, reason: error.message ?? error.description)
        }
        return .database(path: path, reason: String(describing: error))
    }
}
