import Foundation

/// What can go wrong between the supervisor and a worker; never shown for a track as such:
/// the supervisor turns it into the track's failure or the stage's.
enum WireError: Error, Equatable, CustomStringConvertible {
    /// The other side closed its end (it exited, or was killed).
    case closed
    /// A message that does not parse: a bug, or a worker whose memory the decoder scribbled on.
    case malformed(String)
    case system(call: String, errno: Int32)

    var description: String {
        switch self {
        case .closed: "the connection closed"
        case let .malformed(reason): "a malformed message (\(reason))"
        case let .system(call, code): "\(call): \(String(cString: strerror(code)))"
        }
    }
}
