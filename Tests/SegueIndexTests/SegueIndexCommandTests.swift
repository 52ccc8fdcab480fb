import Foundation
import SegueTestSupport
import Testing

@Suite struct SegueIndexCommandTests {
    @Test func buildsThenSaysUpToDate() throws {
        let directory = try TemporaryDirectory(prefix: "segue-index-e2e")
        let db = directory.file("segue.db")
        let synth = try ProcessRunner.runStage("segue-dev", ["synth-db", "--out", db, "--tracks", "250", "--seed", "5"])
        #expect(synth.status == 0, "\(synth.stderr)")
        let arguments = ["--db", db, "--quiet"]

        let dryRun = try ProcessRunner.runStage("segue-index", ["--db", db, "--dry-run"], in: directory.path)
        #expect(dryRun.status == 0)
        #expect(dryRun.stdout.contains("would be rebuilt"))

        let first = try ProcessRunner.runStage("segue-index", ["--db", db], in: directory.path)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("tracks indexed"))

        let second = try ProcessRunner.runStage("segue-index", ["--db", db], in: directory.path)
        #expect(second.status == 0)
        #expect(second.stdout.contains("index is up to date"))

        let forced = try ProcessRunner.runStage("segue-index", arguments + ["--force"], in: directory.path)
        #expect(forced.status == 0)
        #expect(forced.stdout.isEmpty)

        let query = try ProcessRunner.runStage("segue-dev", ["index-query", "--db", db, "--queries", "20"])
        #expect(query.status == 0, "\(query.stderr)")
        #expect(query.stdout.contains("neighbours of a track"))
    }

    @Test func badConfigurationExitsWithUsageStatus() throws {
        let directory = try TemporaryDirectory(prefix: "segue-index-e2e")
        let config = directory.file("config.yaml")
        try "index:\n  sonic_weight: 3\n".write(toFile: config, atomically: true, encoding: .utf8)
        let result = try ProcessRunner.runStage("segue-index", ["--config", config, "--db", directory.file("x.db")])
        #expect(result.status == 2)
        #expect(result.stderr.contains("index.sonic_weight"))
    }
}
