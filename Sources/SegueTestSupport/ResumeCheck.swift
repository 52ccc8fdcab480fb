import Foundation
import GRDB

/// What every stage owes after an interruption, as a list of problems (empty when all is
/// well) for a test to expect empty: the kill and signal tests of all five stages share it.
public enum ResumeCheck {
    /// The database is whole, the rerun succeeds, and it leaves what an uninterrupted run left.
    /// - Parameter contents: how the database is compared (by default every table, run
    ///   bookkeeping left out).
    public static func rerun(_ database: String, by rerun: () throws -> ProcessResult, leaves reference: DatabaseContents,
                             contents: (String) throws -> DatabaseContents = { try DatabaseContents(of: $0) }) throws -> [String] {
        var problems: [String] = []
        let before = try DatabaseContents.integrity(of: database)
        if before != "ok" { problems.append("integrity before the rerun: \(before)") }
        let result = try rerun()
        if result.status != 0 { problems.append("the rerun exited \(result.status): \(result.stderr)") }
        let after = try DatabaseContents.integrity(of: database)
        if after != "ok" { problems.append("integrity after the rerun: \(after)") }
        let resumed = try contents(database)
        if resumed != reference { problems.append("the rerun left another database: \(resumed.differences(from: reference))") }
        return problems
    }

    /// How a stage stopped by SIGINT or SIGTERM ended.
    public struct Stop: Sendable {
        public var problems: [String] = []
        /// What its line says it committed, of how many.
        public var committed = 0
        public var total = 0
    }

    /// The stage exited 1 with one line, `<program>: interrupted: N of M <unit> committed;
    /// rerun resumes`, and its run is recorded as interrupted with that message.
    public static func stop(_ result: ProcessResult, program: String, unit: String, database: String) throws -> Stop {
        var stop = Stop()
        if result.status != 1 { stop.problems.append("exited \(result.status), not 1") }
        let lines = result.stderr.split(separator: "\n").map(String.init)
        let pattern = /(?<program>[a-z-]+): (?<message>interrupted: (?<committed>\d+) of (?<total>\d+) (?<unit>.+) committed; rerun resumes)/
        guard lines.count == 1, let line = lines.first, let match = line.wholeMatch(of: pattern),
              match.program == program, match.unit == unit else {
            stop.problems.append("not one line '\(program): interrupted: N of M \(unit) committed; rerun resumes': \(lines)")
            return stop
        }
        stop.committed = Int(match.committed)!
        stop.total = Int(match.total)!
        let run = try DatabaseQueue(path: database).read { db in
            try Row.fetchOne(db, sql: "SELECT status, message FROM stage_runs ORDER BY id DESC LIMIT 1")
        }
        let status: String? = run?["status"], message: String? = run?["message"]
        if status != "interrupted" || message != String(match.message) {
            stop.problems.append("stage_runs records \(status ?? "nothing"): \(message ?? "")")
        }
        return stop
    }
}
