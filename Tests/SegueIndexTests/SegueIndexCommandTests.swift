import Foundation
import GRDB
import SegueCore
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

    /// Above a (lowered) `index.exact_below` the neighbours are searched approximately and agree
    /// with exact search; `--exact` searches all pairs; a night that only adds tracks updates.
    @Test func approximateAboveTheThresholdExactOnRequest() throws {
        let directory = try TemporaryDirectory(prefix: "segue-index-e2e")
        let db = directory.file("segue.db"), config = directory.file("config.yaml")
        let synth = try ProcessRunner.runStage("segue-dev", ["synth-db", "--out", db, "--tracks", "3000", "--seed", "5"])
        #expect(synth.status == 0, "\(synth.stderr)")
        try "index:\n  exact_below: 1000\n  approximate:\n    cluster_size: 32\n    probes: 8\n"
            .write(toFile: config, atomically: true, encoding: .utf8)
        let arguments = ["--config", config, "--db", db]

        let approximate = try ProcessRunner.runStage("segue-index", arguments, in: directory.path)
        #expect(approximate.status == 0, "\(approximate.stderr)")
        #expect(approximate.stdout.contains("approximate neighbours"), "\(approximate.stdout)")
        let recall = try ProcessRunner.runStage("segue-dev", ["index-recall", "--db", db, "--queries", "1000"])
        #expect(recall.status == 0, "\(recall.stderr)")
        let measured = try #require(recall.stdout.split(separator: " ").dropFirst(2).first.flatMap { Double($0) })
        #expect(measured >= 0.95, "\(recall.stdout)")

        let exact = try ProcessRunner.runStage("segue-index", arguments + ["--exact"], in: directory.path)
        #expect(exact.status == 0, "\(exact.stderr)")
        #expect(exact.stdout.contains("exact neighbours"), "\(exact.stdout)")
        let exactRecall = try ProcessRunner.runStage("segue-dev", ["index-recall", "--db", db, "--queries", "1000"])
        #expect(exactRecall.stdout.contains("recall@10 1.0000"), "\(exactRecall.stdout)")

        // Back to the configured search, then a night that adds 50 tracks.
        let again = try ProcessRunner.runStage("segue-index", arguments, in: directory.path)
        #expect(again.stdout.contains("approximate neighbours"), "\(again.stdout)")
        let database = try AppDatabase(path: db)
        try database.pool.write { db in try db.execute(sql: "UPDATE tracks SET missing_since = CURRENT_TIMESTAMP WHERE id > 2950") }
        #expect(try ProcessRunner.runStage("segue-index", arguments, in: directory.path).status == 0)
        try database.pool.write { db in try db.execute(sql: "UPDATE tracks SET missing_since = NULL") }
        let status = try ProcessRunner.runStage("segue-index", arguments + ["--status"], in: directory.path)
        #expect(status.stdout.contains("tracks added: the index will be updated"), "\(status.stdout)")
        let update = try ProcessRunner.runStage("segue-index", arguments, in: directory.path)
        #expect(update.status == 0, "\(update.stderr)")
        #expect(update.stdout.contains("tracks added to the index of"), "\(update.stdout)")
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
