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
    /// A shard reads the library without migrating it, so it must be as this binary expects.
    case libraryNotMigrated(path: String)
    /// `--output` names a file that is not a shard file of this segue-analyze.
    case notAShardFile(path: String, reason: String)
    /// `--output` names the shard file of another library or another shard.
    case shardOfAnotherLibrary(path: String, library: String)
    case otherShard(path: String, holds: String, asked: String)
    /// Another process kept the shard file locked past the busy timeout.
    case shardInUse(path: String)
    /// `--merge` refuses a file: of another library or feature set, or whose tracks changed.
    case shardRefused(path: String, reason: String)
    /// `--merge` refused some of its files (each named in a line of its own) and merged the others.
    case shardsRefused(refused: Int, files: Int)
    /// A worker started but cannot measure anything, e.g. the embedding's weights are missing
    /// or damaged; `message` names the file.
    case workerSetup(message: String, status: ExitStatus)

    public var exitStatus: ExitStatus {
        switch self {
        case .invalidWorkers: .usage
        case .databaseBusy, .shardInUse: .temporary
        case .database, .workerStart, .libraryNotMigrated, .shardRefused, .shardsRefused: .failure
        case .notAShardFile, .shardOfAnotherLibrary, .otherShard: .usage
        case let .workerSetup(_, status): status
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
        case let .libraryNotMigrated(path):
            "database \(path) is older than this segue-analyze: run segue-scan on it once before cutting shards"
        case let .notAShardFile(path, reason):
            "\(path) is not a shard file of segue-analyze (\(reason)); name another --output"
        case let .shardOfAnotherLibrary(path, library):
            "\(path) holds a shard of another library (cut from \(library)); remove it or name another --output"
        case let .otherShard(path, holds, asked):
            "\(path) holds shard \(holds), not \(asked); name another --output"
        case let .shardInUse(path):
            "\(path) stayed locked by another process (a shard run or a merge); rerun later"
        case let .shardRefused(path, reason):
            "\(path): \(reason); refused"
        case let .shardsRefused(refused, files):
            "refused \(refused) of \(files) shard files (each named above); the others were merged"
        case let .workerSetup(message, _):
            message
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
