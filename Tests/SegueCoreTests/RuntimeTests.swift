import Foundation
import GRDB
import Testing
import SegueTestSupport
@testable import SegueCore

@Suite struct RuntimeTests {
    @Test func aSecondLockHolderIsToldWhoHoldsIt() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("checkpoints/scan.lock")
        let first = try StageLock(path: path, holder: "segue-scan")
        let error = #expect(throws: RuntimeError.self) { try StageLock(path: path, holder: "segue-scan") }
        #expect(error?.exitStatus == .temporary)
        #expect(error?.message.contains("pid \(getpid()) (segue-scan) since") == true)
        first.release()
        _ = try StageLock(path: path, holder: "segue-scan")
    }

    @Test func migrationsCreateTheStableSchemaInWALMode() throws {
        let folder = try TemporaryDirectory()
        let database = try AppDatabase(path: folder.file("db/segue.db"))
        let tables = ["tracks", "artists", "albums", "sonic_features", "analysis_failures", "artist_genres",
                      "album_genres", "track_genres", "neighbours", "playlists", "playlist_tracks", "stage_runs"]
        let (missing, journal, foreignKeys) = try database.pool.read { db in
            (try tables.filter { try !db.tableExists($0) },
             try String.fetchOne(db, sql: "PRAGMA journal_mode"),
             try Bool.fetchOne(db, sql: "PRAGMA foreign_keys"))
        }
        #expect(missing.isEmpty)
        #expect(journal == "wal")
        #expect(foreignKeys == true)
    }

    @Test func stageRunsRecordOutcomeAndCloseInterruptedRuns() throws {
        let folder = try TemporaryDirectory()
        let database = try AppDatabase(path: folder.file("segue.db"))
        let store = StageRunStore(database: database)
        let killed = try store.begin(stage: "scan")
        let run = try store.begin(stage: "scan")
        try store.finish(runID: run, status: "ok", counts: ["added": 3, "failed": 1], message: "done")
        let rows = try database.pool.read { db in try StageRun.fetchAll(db, sql: "SELECT * FROM stage_runs ORDER BY id") }
        #expect(rows.map(\.status) == ["interrupted", "ok"])
        #expect(rows[0].id == killed)
        #expect(rows[1].counts == #"{"added":3,"failed":1}"#)
        #expect(try store.latestRun(stage: "scan")?.id == run)
    }

    @Test func progressLinesCarryRateAndETA() {
        #expect(ProgressReporter.describe(label: "files", done: 50, total: 200, rate: 25) == "files 50/200 (25%), 25.0/s, ETA 0:06")
        #expect(ProgressReporter.formatDuration(3725) == "1:02:05")
    }

    @Test func checkpointsAreWrittenWhole() throws {
        let folder = try TemporaryDirectory()
        let checkpoints = Checkpoints(folder: folder.file("checkpoints"))
        try checkpoints.writeProgress(stage: "analyze", ["done": 3, "total": 10])
        let data = try Data(contentsOf: URL(fileURLWithPath: checkpoints.progressPath(stage: "analyze")))
        let decoded = try JSONDecoder().decode([String: Int].self, from: data)
        #expect(decoded == ["done": 3, "total": 10])
        try checkpoints.stamp(stage: "scan")
        #expect(FileManager.default.fileExists(atPath: checkpoints.stampPath(stage: "scan")))
    }
}
