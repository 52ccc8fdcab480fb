import Foundation
import GRDB
import SegueTestSupport
import Testing

/// `segue-analyze` killed at any instant, or stopped by SIGINT/SIGTERM, and rerun: the
/// database ends as an uninterrupted run leaves it, and no committed track is analysed twice.
@Suite("segue-analyze killed and resumed")
struct KillResumeTests {
    /// Sixteen tracks in four formats, committed two at a time, and the database an
    /// uninterrupted run leaves; every run starts from a copy of the same scanned state. The
    /// MusiCNN embedding is on (one patch per window, to stay quick): `sonic_embeddings` must
    /// resume bit-identical as well.
    final class Bed: Sendable {
        let fixture: AnalysisFixture
        let paths: [String]
        let reference: DatabaseContents
        let window: Double

        private static let made = Result { try Bed() }
        static func get() throws -> Bed { try made.get() }

        private init() throws {
            let fixture = try AnalysisFixture(batchSize: 2, segmentSeconds: 5, patches: 1)
            let formats: [TestAudio.Format] = [.flac, .wav, .mp3, .ogg]
            let paths = try (0..<16).map { index in
                try TestAudio.tone(seconds: 20, format: formats[index % formats.count], in: fixture.library,
                                   name: "track-\(index)", frequency: 200 + 30 * Double(index), amplitude: 0.3)
            }
            self.fixture = fixture
            self.paths = paths
            let database = fixture.folder.file("reference/segue.db")
            try fixture.addTracks(paths, to: database)
            let probe = StageProbe(database: database, stage: "analyze")
            let (window, result) = StageKiller.workingTime(of: try Self.start(database, config: fixture.configPath),
                                                           started: { probe.hasStarted })
            guard result.status == 0 else { throw SetupFailure("reference run failed: \(result.stderr)") }
            self.window = window
            reference = try DatabaseContents(of: database)
        }

        /// A database holding the scanned tracks and nothing analysed, in a folder of its own
        /// (its checkpoints go beside it).
        func fresh(_ name: String) throws -> String {
            let path = fixture.folder.file("\(name)/segue.db")
            try fixture.addTracks(paths, to: path)
            return path
        }

        func start(_ database: String) throws -> RunningProcess {
            try Self.start(database, config: fixture.configPath)
        }

        static func start(_ database: String, config: String) throws -> RunningProcess {
            try ProcessRunner.start(ProcessRunner.executable("segue-analyze"), ["--config", config, "--db", database, "--quiet"])
        }
    }

    static func scalar(_ sql: String, in database: String) throws -> Int? {
        try DatabaseQueue(path: database).read { try Int.fetchOne($0, sql: sql) }
    }

    @Test("SIGKILL at random instants, then a rerun, gives the database of an uninterrupted run")
    func killAndResume() throws {
        let bed = try Bed.get()
        var killer = StageKiller(stage: "segue-analyze")
        let seed = killer.seed
        var trial = ""
        try killer.killAtRandomInstants(window: bed.window, start: {
            trial = try bed.fresh("trial-\(UUID().uuidString)")
            let probe = StageProbe(database: trial, stage: "analyze")
            return (try bed.start(trial), { probe.hasStarted })
        }, verify: { instant, _ in
            let context = "killed \(String(format: "%.3f", instant)) s in (seed \(seed))"
            // Only the batch in flight was lost: every committed track was analysed once
            // (analysis_count is compared), and the killed run is closed as interrupted, unless
            // the kill came after it had recorded its end, on its way out.
            let killedRunning = try Self.scalar("SELECT COUNT(*) FROM stage_runs WHERE status = 'running'", in: trial)!
            let problems = try ResumeCheck.rerun(trial, by: { try bed.start(trial).wait() }, leaves: bed.reference)
            #expect(problems == [], "\(context)")
            #expect(try Self.scalar("SELECT COUNT(*) FROM stage_runs WHERE status = 'interrupted'", in: trial) == killedRunning,
                    "\(context)")
        })
    }

    @Test("SIGINT and SIGTERM commit the current batch, exit 1 with one line and are recorded as interrupted",
          arguments: [SIGINT, SIGTERM])
    func signalStopsAfterTheBatch(_ signal: Int32) throws {
        let bed = try Bed.get()
        let database = try bed.fresh("signal-\(signal)")
        let running = try bed.start(database)
        let pause = try WritePause(database: database) { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM sonic_features")! >= 2 }
        let committedAtSignal = try pause.count("SELECT COUNT(*) FROM sonic_features")
        running.signal(signal)
        pause.release()
        let result = running.wait()

        let stop = try ResumeCheck.stop(result, program: "segue-analyze", unit: "tracks", database: database)
        #expect(stop.problems == [])
        #expect(stop.total == 16 && stop.committed >= committedAtSignal && stop.committed < 16, "\(stop)")
        #expect(try Self.scalar("SELECT COUNT(*) FROM sonic_features", in: database) == stop.committed)
        let problems = try ResumeCheck.rerun(database, by: { try bed.start(database).wait() }, leaves: bed.reference)
        #expect(problems == [])
    }
}
