/// An error a stage reports to the user as one line and maps to an exit status.
///
/// Every module's error type conforms, so the executables never print a stack trace:
/// they print `message` and exit with `exitStatus`.
public protocol SegueError: Error, CustomStringConvertible {
    /// How the stage exits when this error ends it.
    var exitStatus: ExitStatus { get }
    /// One line naming the file, key, flag or URL at fault.
    var message: String { get }
    /// The stop this error carries when a signal ended the stage between batches; a module
    /// with typed throws wraps `StageInterruption` in a case of its own error and returns it here.
    var interruption: StageInterruption? { get }
}

extension SegueError {
    public var description: String { message }

    public var interruption: StageInterruption? { nil }
}

/// Errors of the shared runtime: locks, checkpoints, the database file.
public enum RuntimeError: SegueError {
    case lockHeld(lock: String, holder: String)
    case lockUnavailable(path: String, reason: String)
    case databaseUnavailable(path: String, reason: String)
    case checkpointWrite(path: String, reason: String)

    public var exitStatus: ExitStatus {
        switch self {
        case .lockHeld: .temporary
        case .lockUnavailable, .databaseUnavailable, .checkpointWrite: .failure
        }
    }

    public var message: String {
        switch self {
        case let .lockHeld(lock, holder):
            "\(lock) is held by \(holder); rerun later"
        case let .lockUnavailable(path, reason):
            "cannot take lock \(path): \(reason)"
        case let .databaseUnavailable(path, reason):
            "cannot open database \(path): \(reason)"
        case let .checkpointWrite(path, reason):
            "cannot write checkpoint \(path): \(reason)"
        }
    }
}
