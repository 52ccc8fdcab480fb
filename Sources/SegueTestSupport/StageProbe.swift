import Foundation
import GRDB

/// Reads a stage's database while the stage runs in another process, to tell whether it has
/// started its work and how far it got. The connection is read-only and opened on first
/// use, so the stage may still be creating the file.
public final class StageProbe: @unchecked Sendable {
    public let path: String
    public let stage: String
    private var queue: DatabaseQueue?

    public init(database path: String, stage: String) {
        self.path = path
        self.stage = stage
    }

    /// Whether this stage's run is recorded as `running` (it holds its lock and has begun).
    public var hasStarted: Bool {
        (count("SELECT COUNT(*) FROM stage_runs WHERE stage = ? AND status = 'running'", [stage]) ?? 0) > 0
    }

    /// A count, or nil while the database cannot be read yet.
    public func count(_ sql: String, _ arguments: StatementArguments = []) -> Int? {
        do {
            if queue == nil {
                guard FileManager.default.fileExists(atPath: path) else { return nil }
                var configuration = Configuration()
                configuration.readonly = true
                queue = try DatabaseQueue(path: path, configuration: configuration)
            }
            return try queue?.read { try Int.fetchOne($0, sql: sql, arguments: arguments) }
        } catch {
            return nil
        }
    }
}
