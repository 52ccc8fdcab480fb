import Foundation
import GRDB

/// Holds a database's write lock, so a stage running on it in another process stops at its
/// next commit until `release()`. A signal sent meanwhile lands mid-run with the rest of the
/// work still to do, however fast or loaded the machine: tests of SIGINT and SIGTERM need no
/// timing.
public final class WritePause: @unchecked Sendable {
    private let queue: DatabaseQueue
    private var held = false

    public struct NeverReady: Error, CustomStringConvertible {
        public var description: String { "the database never reached the state to pause at (did the stage end first?)" }
    }

    /// Waits (at most `timeout` seconds) until the lock is taken with `ready` true of the
    /// database as it is then (what the stage has committed so far), and keeps it.
    public init(database path: String, timeout: TimeInterval = 120, until ready: (Database) throws -> Bool) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        // The transaction outlives each database access: that is the pause.
        configuration.allowsUnsafeTransactions = true
        queue = try DatabaseQueue(path: path, configuration: configuration)
        // Opened, the lock is tried without SQLite's busy handler, whose back-off (up to 100 ms
        // a try) is long enough for a fast stage to finish while the pause waits; a failed try
        // is retried a millisecond on.
        try queue.inDatabase { try $0.execute(sql: "PRAGMA busy_timeout = 0") }
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            guard Date() < deadline else { throw NeverReady() }
            let taken = try queue.inDatabase { db -> Bool in
                do {
                    try db.execute(sql: "BEGIN IMMEDIATE")
                    if try ready(db) { return true }
                } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
                    // The stage is writing: try again shortly.
                }
                if db.isInsideTransaction { try db.execute(sql: "ROLLBACK") }
                return false
            }
            if taken { break }
            usleep(1_000)
        }
        held = true
    }

    /// A count read under the lock, for `ready` closures and checks while paused.
    public func count(_ sql: String) throws -> Int {
        try queue.inDatabase { try Int.fetchOne($0, sql: sql) ?? 0 }
    }

    public func release() {
        guard held else { return }
        held = false
        try? queue.inDatabase { try $0.execute(sql: "ROLLBACK") }
    }

    deinit {
        release()
    }
}
