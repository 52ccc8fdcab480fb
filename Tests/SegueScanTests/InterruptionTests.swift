import Foundation
import GRDB
import SegueCore
import SegueTestSupport
import Testing

/// A scan killed at any instant leaves a consistent database, and the next run finishes the
/// work as if nothing had happened; SIGINT and SIGTERM stop it after the current batch.
@Suite struct InterruptionTests {
    /// One library for the suite: every format and the broken files, read two files per
    /// transaction so that a run holds many commits to land between, and the database an
    /// uninterrupted scan leaves.
    final class Bed: Sendable {
        let harness: ScanHarness
        let config: String
        let reference: DatabaseContents
        /// Seconds an uninterrupted scan works, from its `stage_runs` row to its exit.
        let window: Double

        private static let made = Result { try Bed() }
        static func get() throws -> Bed { try made.get() }

        private init() throws {
            harness = try ScanHarness(tracks: 28, seconds: 1, broken: true)
            config = harness.folder.file("config.yaml")
            try "library:\n  batch_size: 2\n".write(toFile: config, atomically: true, encoding: .utf8)
            let database = try Self.fresh(harness.folder.file("reference/segue.db"))
            let probe = StageProbe(database: database, stage: "scan")
            let (window, result) = StageKiller.workingTime(of: try Self.start(database, harness: harness, config: config),
                                                           started: { probe.hasStarted })
            guard result.status == 0 else { throw SetupFailure("reference scan failed: \(result.stderr)") }
            self.window = window
            reference = try DatabaseContents(of: database)
        }

        /// An empty database with the schema, so a probe can read it from the start; each in a
        /// folder of its own, as its checkpoints (the stage lock) go beside it.
        static func fresh(_ path: String) throws -> String {
            _ = try AppDatabase(path: path)
            return path
        }

        static func start(_ database: String, harness: ScanHarness, config: String) throws -> RunningProcess {
            try ProcessRunner.start(ProcessRunner.executable("segue-scan"), ["--config", config, "--db", database, "--quiet"],
                                    in: harness.folder.path,
                                    environment: ["SEGUE_MUSIC_DIR": harness.library, "HOME": harness.folder.path, "PATH": "/usr/bin:/bin"])
        }

        func start(_ database: String) throws -> RunningProcess {
            try Self.start(database, harness: harness, config: config)
        }

        func rerun(_ database: String) throws -> ProcessResult {
            try start(database).wait()
        }
    }

    /// Files read so far, as tracks or as recorded failures.
    static let committed = "SELECT (SELECT COUNT(*) FROM tracks) + (SELECT COUNT(*) FROM scan_failures)"

    @Test func killedAtRandomInstantsTheRerunLeavesWhatAnUninterruptedScanLeaves() throws {
        let bed = try Bed.get()
        var killer = StageKiller(stage: "segue-scan")
        let seed = killer.seed
        var trial = ""
        try killer.killAtRandomInstants(window: bed.window, start: {
            trial = try Bed.fresh(bed.harness.folder.file("trial-\(UUID().uuidString)/segue.db"))
            let probe = StageProbe(database: trial, stage: "scan")
            return (try bed.start(trial), { probe.hasStarted })
        }, verify: { instant, _ in
            let problems = try ResumeCheck.rerun(trial, by: { try bed.rerun(trial) }, leaves: bed.reference)
            #expect(problems == [],
                    "killed \(String(format: "%.3f", instant)) s in (seed \(seed))")
        })
    }

    @Test(arguments: [SIGINT, SIGTERM])
    func aSignalStopsTheScanAfterTheCurrentBatch(_ signal: Int32) throws {
        let bed = try Bed.get()
        let database = try Bed.fresh(bed.harness.folder.file("signal-\(signal)/segue.db"))
        let running = try bed.start(database)
        let pause = try WritePause(database: database) { try Int.fetchOne($0, sql: Self.committed)! >= 2 }
        let rowsAtSignal = try pause.count(Self.committed)
        running.signal(signal)
        pause.release()
        let result = running.wait()

        let stop = try ResumeCheck.stop(result, program: "segue-scan", unit: "files", database: database)
        #expect(stop.problems == [])
        #expect(stop.committed > 0 && stop.committed < stop.total, "\(stop)")
        // The files read so far, and the problems the walk found without reading (committed
        // with the first batch); not the rest.
        let rows = try DatabaseQueue(path: database).read { try Int.fetchOne($0, sql: Self.committed)! }
        #expect(rows >= stop.committed && rows >= rowsAtSignal, "\(rows) rows for \(stop.committed) files")
        #expect(rows < bed.reference.tables["tracks"]!.count + bed.reference.tables["scan_failures"]!.count, "\(rows) rows")
        let problems = try ResumeCheck.rerun(database, by: { try bed.rerun(database) }, leaves: bed.reference)
        #expect(problems == [])
    }

    @Test func aSecondSignalStopsTheScanAtOnce() throws {
        let bed = try Bed.get()
        let database = try Bed.fresh(bed.harness.folder.file("twice/segue.db"))
        let running = try bed.start(database)
        let pause = try WritePause(database: database) { try Int.fetchOne($0, sql: Self.committed)! >= 2 }
        // Two different signals: the kernel would merge a second SIGINT pending with the first.
        running.signal(SIGINT)
        usleep(20_000)
        running.signal(SIGTERM)
        pause.release()
        let result = running.wait()
        #expect(running.process.terminationReason == .uncaughtSignal, "exited \(result.status): \(result.stderr)")
        #expect([SIGINT, SIGTERM].contains(result.status))
        let problems = try ResumeCheck.rerun(database, by: { try bed.rerun(database) }, leaves: bed.reference)
        #expect(problems == [])
    }
}
