import Foundation
import GRDB
import SegueCore

/// `analysis_in_flight`: the tracks in a worker's hands, marked before the worker opens them,
/// so that a run that stops with a track in hand is known to the next one.
///
/// A crash or a hang of the decoder is seen by the supervisor and recorded at once (a failed
/// outcome). But when `segue-analyze` itself stops (SIGKILL, the OOM killer, a power cut), the
/// tracks then in hand are merely suspects: most often the cause was elsewhere. So the next run
/// tries each of them once more, last and alone, so that a second stop with it in hand blames
/// it alone; a track in hand at two stops in a row is recorded as failed (`interrupted`) and
/// skipped until `--retry-failed` or a change of its file. A track that finishes in a worker,
/// whatever its outcome, is no longer a suspect.
struct InFlightMarks: Sendable {
    /// Stops with a track in hand before it is given up.
    static let stopsToGiveUp = 2

    let database: any DatabaseWriter

    /// A track that was in hand when a run stopped.
    struct Suspect: Sendable {
        /// Runs that stopped with it in hand, in a row, this last one included.
        var stops: Int
        var startedAt: Date
    }

    /// The tracks in hand when an earlier run stopped; called under the stage lock, so no run
    /// that marked them is alive. With `record`, the stop is counted once and for all.
    func suspects(record: Bool) throws -> [Int64: Suspect] {
        let read = { (db: Database) throws -> [Int64: Suspect] in
            var suspects: [Int64: Suspect] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT track_id, run_id, started_at, stops FROM analysis_in_flight") {
                let stopped = row["run_id"] as Int64? != nil
                let stops = (row["stops"] as Int) + (stopped ? 1 : 0)
                guard stops > 0 else { continue }
                suspects[row["track_id"]] = Suspect(stops: stops, startedAt: row["started_at"])
            }
            return suspects
        }
        guard record else { return try database.read(read) }
        return try database.write { db in
            let suspects = try read(db)
            try db.execute(sql: "UPDATE analysis_in_flight SET stops = stops + 1, run_id = NULL WHERE run_id IS NOT NULL")
            return suspects
        }
    }

    /// Marks `track` as in hand, in one short transaction before the worker gets it, and
    /// unmarks the tracks whose worker finished since (their outcomes wait for the next batch).
    func handOut(_ track: Int64, finished: [Int64], runID: Int64?, at date: Date) throws {
        try database.write { db in
            try Self.unmark(finished, in: db)
            try db.execute(sql: """
                INSERT INTO analysis_in_flight (track_id, run_id, started_at)
                SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM tracks WHERE id = ?)
                ON CONFLICT(track_id) DO UPDATE SET run_id = excluded.run_id, started_at = excluded.started_at
                """, arguments: [track, runID ?? 0, date, track])
        }
    }

    /// Unmarks tracks a run is done with without an outcome: a run that fails as a whole (a
    /// worker that cannot start, a database error) blames none of the tracks in hand.
    func unmark(_ tracks: [Int64]) throws {
        try database.write { db in try Self.unmark(tracks, in: db) }
    }

    private static func unmark(_ tracks: [Int64], in db: Database) throws {
        let statement = try db.cachedStatement(sql: "DELETE FROM analysis_in_flight WHERE track_id = ?")
        for id in tracks {
            try statement.execute(arguments: [id])
        }
    }
}
