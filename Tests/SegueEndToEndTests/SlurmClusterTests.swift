import Foundation
import GRDB
import SegueCore
import SegueTestSupport
import Testing

/// Sharded analysis on a real Slurm: a single-node cluster of the test's own (`SlurmCluster`)
/// runs `cluster/segue-analyze.sbatch` as a job array, and `pipeline.sh` submits it when
/// `analysis.cluster` is `slurm`. One cluster at a time, so that the two cores go to the jobs.
@Suite(.serialized) struct SlurmClusterTests {
    static let script = Installation.repository + "/cluster/segue-analyze.sbatch"
    @Test func aFourTaskArrayWithOneTaskKilledAndResubmittedGivesTheFeaturesOfOneMachine() throws {
        let cluster = try SlurmCluster()
        defer { cluster.stop() }
        let folder = try TemporaryDirectory(prefix: "segue-slurm-library")
        let music = folder.file("music"), database = folder.file("segue.db"), config = folder.file("config.yaml")
        // sbatch --output names a file in it: Slurm creates no folder.
        let shards = folder.file("shards")
        try FileManager.default.createDirectory(atPath: shards, withIntermediateDirectories: true)
        try """
            library:
              music_dirs: [\(music)]
              database: \(database)
            analysis:
              batch_size: 2
              segment_seconds: 5
              embedding: none
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let generated = try ProcessRunner.runStage("segue-dev", ["generate-library", "--out", music, "--tracks", "24",
                                                                 "--seconds", "6", "--seed", "5", "--broken"])
        try #require(generated.status == 0, "\(generated.stderr)")
        // Two files the analysis records as failures: a silent one, and one too short.
        for (name, source) in [("silence.flac", "anullsrc=r=44100:cl=stereo:d=6"), ("short.wav", "sine=f=440:d=0.4")] {
            let made = try ProcessRunner.run("/usr/bin/ffmpeg", ["-nostdin", "-v", "error", "-f", "lavfi", "-i", source, "\(music)/\(name)"])
            try #require(made.status == 0, "\(made.stderr)")
        }
        try #require(try ProcessRunner.runStage("segue-scan", ["--config", config, "--quiet"]).status == 0)
        let single = folder.file("single.db")
        try DatabaseQueue(path: database).backup(to: DatabaseQueue(path: single))
        try #require(try ProcessRunner.runStage("segue-analyze", ["--config", config, "--db", single, "--quiet"]).status == 0)

        // The track of highest id whose file name is its own hangs its decoder, so the task of
        // its shard stops mid-run with it in hand, its shard's other tracks done.
        let tracks = try DatabaseQueue(path: database).read { db in
            try Row.fetchAll(db, sql: "SELECT id, path FROM tracks ORDER BY id").map { ($0[0] as Int64, ($0[1] as String as NSString).lastPathComponent) }
        }
        let names = Dictionary(grouping: tracks.map(\.1), by: { $0 }).mapValues(\.count)
        let hung = try #require(tracks.last { names[$0.1] == 1 })
        let environment = ["SEGUE_BIN": ProcessRunner.productsDirectory]
        let arguments = ["--wait", "--output=\(shards)/slurm-%A_%a.log", Self.script, shards, "--config", config, "--quiet"]
        let submitted = try cluster.start("sbatch", ["--array=1-4"] + arguments,
                                          environment: environment.merging(["SEGUE_TEST_DECODER_FAULT": "hang:\(hung.1)"]) { $1 })

        func inHand(_ shard: Int) -> Bool {
            let file = "\(shards)/shard-\(shard)-of-4.db"
            guard FileManager.default.fileExists(atPath: file) else { return false }
            return (try? DatabaseQueue(path: file).read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM analysis_in_flight WHERE track_id = ? AND run_id IS NOT NULL",
                                 arguments: [hung.0])
            }) == 1
        }
        var stuck: Int?
        let end = Date().addingTimeInterval(180)
        while stuck == nil, Date() < end, submitted.process.isRunning {
            stuck = (1...4).first(where: inHand)
            usleep(100_000)
        }
        let shard = try #require(stuck, "no task took \(hung.1) in hand:\n\(cluster.logs())")
        let task = try #require(try cluster.activeTasks().first { $0.hasSuffix("_\(shard)") }, "task \(shard) is not running")
        let killed = try cluster.run("scancel", ["--signal=KILL", task])
        #expect(killed.status == 0, "\(killed.stderr)")
        let first = submitted.wait()
        #expect(first.status != 0, "the array reports its killed task: \(first.output)")
        let file = "\(shards)/shard-\(shard)-of-4.db"
        let committed = try DatabaseQueue(path: file).read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sonic_features") ?? 0 }
        #expect(committed >= 1, "task \(shard) was killed mid-run, with committed batches")

        // The killed task alone again, told how many shards there are, without the fault.
        let rerun = try cluster.run("sbatch", ["--array=\(shard)"] + arguments,
                                    environment: environment.merging(["SEGUE_SHARDS": "4"]) { $1 })
        #expect(rerun.status == 0, "\(rerun.output)\n\(cluster.logs())")
        let merged = try ProcessRunner.runStage("segue-analyze", ["--config", config, "--merge"] + (1...4).map { "\(shards)/shard-\($0)-of-4.db" })
        #expect(merged.status == 0, "\(merged.output)")
        #expect(merged.stdout.contains("merged 4 shard files: \(tracks.count) tracks merged"), "\(merged.stdout)")
        // Every table, features and failures bit for bit, all but when and by which run.
        let expected = try DatabaseContents(of: single)
        let contents = try DatabaseContents(of: database)
        #expect(contents == expected, "\(contents.differences(from: expected))")
        #expect(expected.tables["analysis_failures"]?.count == 2, "the failures are compared too")
        #expect(expected.tables["sonic_features"]?.count == tracks.count - 2)
    }

    @Test func pipelineWithAnalysisOnSlurmRunsTheNightThenMerges() throws {
        let cluster = try SlurmCluster()
        defer { cluster.stop() }
        let home = try Installation(analysisConfig: """
              cluster: slurm
              slurm:
                tasks: 4
                partition: debug
                extra_args: [--cpus-per-task=1]
            """)
        home.extraEnvironment = cluster.environment
        let night = try home.pipeline()
        #expect(night.status == 0, "\(night.output)\n\(cluster.logs())")
        for stage in NightlyPipelineTests.stages {
            #expect(night.summaryRow(stage)?.contains(" ok ") == true, "no ok row for \(stage) in:\n\(night.stdout)")
        }
        #expect(night.summaryRow("analyze")?.contains("merged 4 shard files:") == true, "\(night.stdout)")
        let (tracks, analysed, failed, playlists) = try home.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tracks WHERE missing_since IS NULL")!,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sonic_features")!,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM analysis_failures")!,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM playlists")!)
        }
        #expect(analysed >= home.library.manifest.tracks.count)
        #expect(analysed + failed == tracks, "every track analysed or failed")
        #expect(playlists > 0)

        let second = try home.pipeline(["analyze"])
        #expect(second.status == 0, "\(second.output)")
        #expect(second.summaryRow("analyze")?.contains("merged 4 shard files: 0 tracks merged") == true, "\(second.stdout)")
    }

    @Test func slurmUnreachableLeavesAnalyzeToRetryAndTheNightGoesOn() throws {
        let cluster = try SlurmCluster()
        defer { cluster.stop() }
        cluster.stopController()
        let home = try Installation(analysisConfig: "  cluster: slurm")
        home.extraEnvironment = cluster.environment
        let night = try home.pipeline()
        let analyze = try #require(night.summaryRow("analyze"), "\(night.stdout)")
        #expect(analyze.contains("retry(75)") && analyze.contains("Slurm unreachable"), "\(analyze)")
        for stage in ["scan", "genres", "index", "export"] {
            #expect(night.summaryRow(stage) != nil, "the night went on to \(stage):\n\(night.stdout)")
        }
        #expect(night.summaryRow("scan")?.contains(" ok ") == true && night.summaryRow("genres")?.contains(" ok ") == true, "\(night.stdout)")
        #expect(night.status == 75, "\(night.output)")
        #expect(try home.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sonic_features")! } == 0)
    }
}
