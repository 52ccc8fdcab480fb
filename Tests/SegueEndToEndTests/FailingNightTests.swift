import Foundation
import GRDB
import Testing
import SegueCore
import SegueTestSupport

/// Nights on which a stage fails for a reason of its own: each exits with its documented
/// status and one line naming the culprit, nothing is corrupted, and rerunning that stage
/// alone does not redo the others.
@Suite(.serialized) struct FailingNightTests {
    @Test func aConfigurationErrorStopsTheNightNamingTheKey() throws {
        let home = try Installation(extraConfig: "index:\n  sonic_wieght: 0.5\n")
        let night = try home.pipeline()
        #expect(night.status == 2, "\(night.output)")
        #expect(night.stderr.contains("unknown key 'index.sonic_wieght'; did you mean 'index.sonic_weight'?"), "\(night.stderr)")
        #expect(night.stderr.split(separator: "\n").count == 1, "one line: \(night.stderr)")
        #expect(!FileManager.default.fileExists(atPath: home.database), "no stage may run on a broken configuration")
    }

    @Test func underMakeAllEachStageKeepsItsOwnExitStatus() throws {
        let home = try Installation()
        for service in FixtureServices.Service.allCases { home.services.setDown(service) }
        // `make all` runs pipeline.sh inside make, whose stage runs then report as `make[1]`.
        var environment = home.environment
        environment["MAKELEVEL"] = "1"
        let night = try ProcessRunner.run(Installation.repository + "/pipeline.sh", ["--config", home.config],
                                          in: Installation.repository, environment: environment)
        #expect(night.status == 75, "\(night.output)")
        #expect(night.summaryRow("genres")?.contains("retry(75)") == true, "\(night.stdout)")
    }

    @Test func aReadOnlyDatabaseFailsTheStageWithOneLine() throws {
        let home = try Installation()
        try #require(try home.pipeline(["scan"]).status == 0)
        // Tests run as root, whom file modes do not stop: a read-only bind mount does.
        let result = try ProcessRunner.run("/usr/bin/unshare", [
            "-m", "sh", "-c", "mount --bind -o ro \"$1\" \"$1\" && exec \"$2\" --config \"$3\"", "sh",
            home.database, ProcessRunner.executable("segue-analyze"), home.config,
        ], environment: home.environment)
        #expect(result.status == 1, "\(result.output)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix("segue-analyze: error: "), "\(result.stderr)")
        #expect(result.stderr.contains(home.database) && result.stderr.contains("readonly"), "the line names the database: \(result.stderr)")
        try expectIntact(home)
    }

    @Test func aFullDiskFailsTheStageAndARerunOfThatStageAloneCompletes() throws {
        let home = try Installation()
        try #require(try home.pipeline(["scan"]).status == 0)
        let databaseSize = try FileManager.default.attributesOfItem(atPath: home.database)[.size] as! Int
        // A file-size limit makes every write past it fail as a full disk does (EFBIG).
        let blocks = (databaseSize + 64 * 1024) / 512
        let result = try ProcessRunner.run("/bin/sh", [
            "-c", "trap '' XFSZ; ulimit -f \(blocks); exec \"$0\" --config \"$1\" --workers 2", ProcessRunner.executable("segue-analyze"), home.config,
        ], environment: home.environment)
        #expect(result.status == 1, "\(result.output)")
        #expect(result.stderr.split(separator: "\n").last?.hasPrefix("segue-analyze: error: ") == true, "\(result.stderr)")
        try expectIntact(home)

        let rerun = try home.make(["analyze"])
        #expect(rerun.status == 0, "\(rerun.output)")
        let (scans, analysed) = try home.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM stage_runs WHERE stage = 'scan'")!,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sonic_features")!)
        }
        #expect(scans == 1, "rerunning analyze must not redo the scan")
        #expect(analysed >= home.library.manifest.tracks.count)
    }

    @Test func statusShowsWhatRanWhenAndWhatIsPending() throws {
        let home = try Installation()
        try #require(try home.pipeline(["scan"]).status == 0)
        let afterScan = try home.make(["status"])
        #expect(afterScan.status == 0, "\(afterScan.output)")
        let lines = afterScan.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("scan") && $0.contains("ok") && $0.contains("stamp") }, "\(afterScan.stdout)")
        #expect(lines.contains { $0.hasPrefix("analyze") && $0.contains("never run") }, "\(afterScan.stdout)")
        #expect(lines.contains { $0.contains("pending") && $0.contains("to analyse") }, "analysis pending: \(afterScan.stdout)")

        try #require(try home.pipeline().status == 0)
        let afterNight = try home.make(["status"])
        for stage in NightlyPipelineTests.stages {
            #expect(afterNight.stdout.split(separator: "\n").contains { $0.hasPrefix(stage) && $0.contains(" ok ") }, "\(stage): \(afterNight.stdout)")
        }
    }

    private func expectIntact(_ home: Installation) throws {
        let integrity = try home.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") }
        #expect(integrity == "ok")
    }
}
