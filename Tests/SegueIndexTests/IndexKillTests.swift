import Foundation
import SegueTestSupport
import Testing

/// `segue-index` killed at any instant while it replaces last night's index, or stopped by
/// SIGINT/SIGTERM: a reader finds the old index or the new one, whole, and a rerun builds
/// what an uninterrupted run builds.
@Suite struct IndexKillTests {
    /// A synthetic library indexed last night with 20 neighbours a track; tonight's settings
    /// ask for 40, so tonight's run rebuilds everything.
    final class Bed: Sendable {
        static let tracks = 3_000
        let folder: TemporaryDirectory
        let lastNight: String
        let config: String
        /// Last night's database and tonight's, as an uninterrupted run leaves it.
        let old: DatabaseContents
        let new: DatabaseContents
        let window: Double

        /// When the index was built differs from run to run.
        static func snapshot(_ database: String) throws -> DatabaseContents {
            try DatabaseContents(of: database, rowFilters: ["index_meta": "key != 'built_at'"])
        }

        private static let made = Result { try Bed() }
        static func get() throws -> Bed { try made.get() }

        private init() throws {
            folder = try TemporaryDirectory(prefix: "segue-index-kill")
            lastNight = folder.file("last-night/segue.db")
            try FileManager.default.createDirectory(atPath: folder.file("last-night"), withIntermediateDirectories: true)
            let synth = try ProcessRunner.runStage("segue-dev", ["synth-db", "--out", lastNight, "--tracks", "\(Self.tracks)", "--seed", "3"])
            guard synth.status == 0 else { throw SetupFailure("synth-db: \(synth.stderr)") }
            let lastConfig = folder.file("last-night.yaml")
            try "index:\n  neighbours: 20\n".write(toFile: lastConfig, atomically: true, encoding: .utf8)
            let built = try ProcessRunner.runStage("segue-index", ["--config", lastConfig, "--db", lastNight, "--quiet"])
            guard built.status == 0 else { throw SetupFailure("last night's index: \(built.stderr)") }
            old = try Self.snapshot(lastNight)

            config = folder.file("tonight.yaml")
            try "index:\n  neighbours: 40\n".write(toFile: config, atomically: true, encoding: .utf8)
            let database = try Self.copy(lastNight, to: folder.file("reference/segue.db"))
            let probe = StageProbe(database: database, stage: "index")
            let (window, result) = StageKiller.workingTime(of: try Self.start(database, config: config), started: { probe.hasStarted })
            guard result.status == 0 else { throw SetupFailure("reference run failed: \(result.stderr)") }
            self.window = window
            new = try Self.snapshot(database)
        }

        static func copy(_ source: String, to target: String) throws -> String {
            try DatabaseContents.copy(source, to: target)
            return target
        }

        static func start(_ database: String, config: String) throws -> RunningProcess {
            try ProcessRunner.start(ProcessRunner.executable("segue-index"), ["--config", config, "--db", database, "--quiet"])
        }

        func start(_ database: String) throws -> RunningProcess {
            try Self.start(database, config: config)
        }
    }

    @Test func killedAtRandomInstantsTheOldIndexOrTheNewOneStandsWhole() throws {
        let bed = try Bed.get()
        var killer = StageKiller(stage: "segue-index")
        let seed = killer.seed
        var trial = ""
        var keptOld = 0
        try killer.killAtRandomInstants(window: bed.window, start: {
            trial = try Bed.copy(bed.lastNight, to: bed.folder.file("trial-\(UUID().uuidString)/segue.db"))
            let probe = StageProbe(database: trial, stage: "index")
            return (try bed.start(trial), { probe.hasStarted })
        }, verify: { instant, _ in
            let context = "killed \(String(format: "%.3f", instant)) s in (seed \(seed))"
            let left = try Bed.snapshot(trial)
            #expect(left == bed.old || left == bed.new, "\(context): neither index: \(left.differences(from: bed.old))")
            if left == bed.old { keptOld += 1 }
            let problems = try ResumeCheck.rerun(trial, by: { try bed.start(trial).wait() }, leaves: bed.new, contents: Bed.snapshot)
            #expect(problems == [],
                    "\(context)")
        })
        print("segue-index kill test: the old index stood after \(keptOld) kills, the new one after the others")
    }

    @Test(arguments: [SIGINT, SIGTERM])
    func aSignalStopsTheBuildAndKeepsTheOldIndex(_ signal: Int32) throws {
        let bed = try Bed.get()
        let database = try Bed.copy(bed.lastNight, to: bed.folder.file("signal-\(signal)/segue.db"))
        // The stage cannot record its run while the test holds the write lock: signalled then
        // (its handlers are in place once it holds its stage lock), it stops before building.
        let pause = try WritePause(database: database) { _ in true }
        let running = try bed.start(database)
        let lock = bed.folder.file("signal-\(signal)/checkpoints/index.lock")
        while running.process.isRunning, ((try? String(contentsOfFile: lock, encoding: .utf8)) ?? "").isEmpty { usleep(1_000) }
        running.signal(signal)
        pause.release()
        let result = running.wait()

        let stop = try ResumeCheck.stop(result, program: "segue-index", unit: "tracks", database: database)
        #expect(stop.problems == [])
        #expect(stop.committed == 0 && stop.total == Bed.tracks, "\(stop)")
        #expect(try Bed.snapshot(database) == bed.old)
        let problems = try ResumeCheck.rerun(database, by: { try bed.start(database).wait() }, leaves: bed.new, contents: Bed.snapshot)
        #expect(problems == [])
    }
}
