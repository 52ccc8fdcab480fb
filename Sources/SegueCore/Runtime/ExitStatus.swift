/// The exit statuses every Segue stage shares (see DESIGN.md, "Exit status").
public enum ExitStatus: Int32, Sendable {
    /// Done; item-level failures are summarized, not fatal.
    case success = 0
    /// Failed as a whole; nothing half-written, a rerun resumes.
    case failure = 1
    /// Usage or configuration error; the message names the key or flag.
    case usage = 2
    /// Temporary failure (service unreachable, lock held): rerun later.
    case temporary = 75
}
