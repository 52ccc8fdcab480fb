import SegueCore

/// Why a push to one player failed, naming the player.
public enum PlayersError: SegueError {
    /// The player could not be reached or refused us; tonight's files are written regardless.
    case unreachable(player: String, reason: String)
    /// The player answered something Segue cannot use.
    case protocolError(player: String, reason: String)
    case database(reason: String)

    public var exitStatus: ExitStatus {
        switch self {
        case .unreachable: .temporary
        case .protocolError, .database: .failure
        }
    }

    public var message: String {
        switch self {
        case let .unreachable(player, reason): "\(player): \(reason)"
        case let .protocolError(player, reason): "\(player): \(reason)"
        case let .database(reason): "database error: \(reason)"
        }
    }
}
