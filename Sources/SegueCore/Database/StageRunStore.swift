import Foundation
import GRDB

/// One row of `stage_runs`: what a stage did, when, and how it ended.
public struct StageRun: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "stage_runs"

    public var id: Int64?
    public var stage: String
    public var startedAt: Date
    public var finishedAt: Date?
    public var status: String
    /// JSON object of named counts, e.g. `{"added": 12, "failed": 1}`.
    public var counts: String
    public var message: String?

    public enum CodingKeys: String, CodingKey {
        case id, stage, startedAt = "started_at", finishedAt = "finished_at", status, counts, message
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

/// Records stage runs: a `running` row at the start, its outcome at the end.
public struct StageRunStore: Sendable {
    let database: AppDatabase

    public init(database: AppDatabase) {
        self.database = database
    }

    public func begin(stage: String, at date: Date = Date()) throws -> Int64 {
        try database.pool.write { db in
            // A run left `running` by a killed process is closed as interrupted.
            try db.execute(sql: """
                UPDATE stage_runs SET status = 'interrupted', finished_at = ?
                WHERE stage = ? AND status = 'running'
                """, arguments: [date, stage])
            var run = StageRun(id: nil, stage: stage, startedAt: date, finishedAt: nil, status: "running", counts: "{}", message: nil)
            try run.insert(db)
            return run.id!
        }
    }

    public func finish(runID: Int64, status: String, counts: [String: Int], message: String?, at date: Date = Date()) throws {
        let encoded = String(decoding: try JSONSerialization.data(withJSONObject: counts, options: [.sortedKeys]), as: UTF8.self)
        try database.pool.write { db in
            try db.execute(sql: """
                UPDATE stage_runs SET status = ?, finished_at = ?, counts = ?, message = ? WHERE id = ?
                """, arguments: [status, date, encoded, message, runID])
        }
    }

    /// The latest run of one stage.
    public func latestRun(stage: String) throws -> StageRun? {
        try database.pool.read { db in
            try StageRun.fetchOne(db, sql: "SELECT * FROM stage_runs WHERE stage = ? ORDER BY id DESC LIMIT 1", arguments: [stage])
        }
    }
}
