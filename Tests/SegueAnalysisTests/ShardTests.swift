import Foundation
import GRDB
import SegueAnalysis
import SegueCore
import SegueTestSupport
import Testing

/// `segue-analyze --shard K/N --output FILE` and `--merge FILE…`, end to end through the
/// executable, over generated libraries scanned by `segue-scan`.
@Suite("segue-analyze in shards")
struct ShardTests {
    @Test("K/N is parsed strictly, and a track's shard is a fixed hash of its identity alone")
    func shardOfAnIdentity() throws {
        #expect(ShardSpec(argument: "3/4") == ShardSpec(index: 3, count: 4))
        for bad in ["0/4", "5/4", "4", "a/4", "1/0", "-1/4", "1/4/2", ""] {
            #expect(ShardSpec(argument: bad) == nil, "\(bad)")
        }
        // Pinned: changing the hash would move every user's tracks to other shards.
        #expect(ShardSpec.shard(of: "audio:0123abcd", count: 16) == 2)
        #expect(ShardSpec.shard(of: "path:/srv/music/a.flac", count: 4) == 4)
        let identities = (0..<4000).map { "audio:\($0)" }
        let counts = Dictionary(grouping: identities) { ShardSpec.shard(of: $0, count: 4) }.mapValues(\.count)
        #expect(counts.keys.sorted() == [1, 2, 3, 4])
        #expect(counts.values.allSatisfy { (850...1150).contains($0) }, "evenly spread: \(counts)")
    }

    @Test("4 shards merged give the features of a single run, bit for bit; merging twice changes nothing")
    func shardsMergeToASingleRun() throws {
        let bed = try ShardBed(tracks: 12, broken: true, embedding: true)
        let single = try bed.copyDatabase("single.db")
        #expect(try bed.analyze(["--db", single, "--quiet"]).status == 0)

        var cuts: [Set<Int64>] = []
        for index in 1...4 {
            let run = try bed.shard(index, of: 4)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.contains("segue-analyze: shard \(index)/4, "), "\(run.stdout)")
            cuts.append(try bed.cut(of: bed.shardFile(index, of: 4)))
        }
        let tracks: Int = try #require(try bed.scalar("SELECT COUNT(*) FROM tracks"))
        #expect(cuts.reduce(0) { $0 + $1.count } == tracks, "every track in one shard")
        #expect(cuts.reduce(Set<Int64>()) { $0.union($1) }.count == tracks, "and in one only")
        #expect(try bed.scalar("SELECT COUNT(*) FROM sonic_features") as Int? == 0, "the shards wrote nothing into the library")

        let files = (1...4).map { bed.shardFile($0, of: 4) }
        let merged = try bed.merge(files)
        #expect(merged.status == 0, "\(merged.stderr)")
        let failed = try bed.failures(in: single).count
        #expect(merged.stdout.contains("merged 4 shard files: \(tracks) tracks merged (\(tracks - failed) analysed, \(failed) failed), 0 already merged, 0 pending"),
                "\(merged.stdout)")
        #expect(failed == 2, "the silent and the short file's failures are merged too")
        #expect(try bed.features() == bed.features(in: single))
        #expect(try bed.failures() == bed.failures(in: single))
        // Every table, the embeddings too, all but when and by which run.
        let expected = try DatabaseContents(of: single)
        #expect(try DatabaseContents(of: bed.database) == expected)
        #expect(expected.tables["sonic_embeddings"]?.count == tracks - failed)

        let before = try bed.analysisTables()
        let again = try bed.merge(files)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("0 tracks merged (0 analysed, 0 failed), \(tracks) already merged"), "\(again.stdout)")
        #expect(try bed.analysisTables() == before, "merging twice changes nothing")
        #expect(try bed.analyze([]).stdout.contains("nothing to analyse"), "the merged library is complete")
        let rerun = try bed.shard(2, of: 4)
        #expect(rerun.stdout.contains("0 of \(tracks) tracks: nothing to analyse"), "\(rerun.stdout)")
    }

    @Test("a track stays in its shard when tracks are added to the library")
    func shardsAreStableWhenTracksAreAdded() throws {
        let bed = try ShardBed(tracks: 8)
        var before: [Set<Int64>] = []
        for index in 1...3 {
            #expect(try bed.shard(index, of: 3).status == 0)
            before.append(try bed.cut(of: bed.shardFile(index, of: 3)))
        }
        try bed.generate(tracks: 6, seed: 11, into: bed.folder.file("music/added"))
        try bed.scan()
        let tracks: Int = try #require(try bed.scalar("SELECT COUNT(*) FROM tracks"))
        var after: [Set<Int64>] = []
        for index in 1...3 {
            #expect(try bed.shard(index, of: 3).status == 0)
            after.append(try bed.cut(of: bed.shardFile(index, of: 3)))
        }
        for index in 0..<3 {
            #expect(before[index].isSubset(of: after[index]), "shard \(index + 1) kept its tracks: \(before[index]) then \(after[index])")
        }
        #expect(after.reduce(0) { $0 + $1.count } == tracks)
        #expect(try bed.scalar("SELECT MAX(analysis_count) FROM sonic_features", in: bed.shardFile(1, of: 3)) as Int? == 1,
                "the rerun analysed only the added tracks")
    }

    @Test("a shard run writes nothing beside the library's database: the file and its -wal stay byte for byte")
    func theLibraryIsReadOnly() throws {
        let bed = try ShardBed(tracks: 4)
        let folder = (bed.database as NSString).deletingLastPathComponent
        func files() throws -> [String: Data] {
            var contents: [String: Data] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasPrefix("segue.db") {
                contents[name] = FileManager.default.contents(atPath: (folder as NSString).appendingPathComponent(name))
            }
            return contents
        }
        // Another process keeps changes in the -wal, not yet checkpointed into the file.
        let writer = try DatabasePool(path: bed.database)
        try writer.write { db in
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
            try db.execute(sql: "INSERT INTO stage_runs (stage, started_at, status) VALUES ('scan', ?, 'ok')", arguments: [Date()])
        }
        let held = try files()
        #expect(held["segue.db-wal"].map { !$0.isEmpty } == true, "the -wal holds a commit")
        let run = try bed.shard(1, of: 2)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try files() == held, "segue.db, its -wal and -shm are unchanged, and nothing was added")
        try writer.close()

        let closed = try files()
        #expect(closed.keys.sorted() == ["segue.db"], "the last connection checkpointed: \(closed.keys.sorted())")
        let second = try bed.shard(2, of: 2)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try files() == closed, "no -wal, -shm or journal appears beside it")
    }

    @Test("--merge refuses, with one line each, a shard of another library, of another feature set, or whose tracks changed; it merges the others")
    func mergeRefusals() throws {
        let bed = try ShardBed(tracks: 4)
        let good = bed.shardFile(1, of: 1)
        #expect(try bed.shard(1, of: 1).status == 0)
        let analysed: Int = try #require(try bed.scalar("SELECT COUNT(*) FROM sonic_features", in: good))
        #expect(analysed == 4)

        // The same music scanned into another database is another library.
        let other = bed.folder.file("other.db")
        #expect(try ProcessRunner.runStage("segue-scan", ["--config", bed.config, "--db", other, "--quiet"]).status == 0)
        let foreign = try bed.merge([good], into: other)
        #expect(foreign.status == 1)
        #expect(foreign.stderr.contains("\(good): cut from another library (\(bed.database)), not from \(other); refused"), "\(foreign.stderr)")
        #expect(try bed.scalar("SELECT COUNT(*) FROM sonic_features", in: other) as Int? == 0)

        let outdated = bed.folder.file("outdated.db")
        try FileManager.default.copyItem(atPath: good, toPath: outdated)
        try bed.execute("UPDATE shard_info SET feature_version = 0", in: outdated)
        let notShard = try bed.copyDatabase("not-a-shard.db")
        let mixed = try bed.merge([outdated, good, notShard])
        #expect(mixed.status == 1)
        let lines = mixed.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains("segue-analyze: error: \(outdated): its features are of version 0, this segue-analyze's of version 1: run the shard again; refused"),
                "\(mixed.stderr)")
        #expect(lines.contains("segue-analyze: error: \(notShard): not a shard file of segue-analyze; refused"), "\(mixed.stderr)")
        #expect(lines.last == "segue-analyze: error: refused 2 of 3 shard files (each named above); the others were merged")
        #expect(try bed.scalar("SELECT COUNT(*) FROM sonic_features") as Int? == analysed, "the good shard was merged")

        // A track whose audio changed after the cut: its features describe other audio.
        let path: String = try #require(try bed.scalar("SELECT path FROM tracks ORDER BY id LIMIT 1"))
        try bed.execute("UPDATE tracks SET content_changed_at = ? WHERE path = ?", arguments: [Date(), path])
        let before = try bed.analysisTables()
        let changed = try bed.merge([good])
        #expect(changed.status == 1)
        #expect(changed.stderr.contains("\(good): 1 of its 4 analysed tracks changed since it was cut (the first: \(path)): run the shard again; refused"),
                "\(changed.stderr)")
        #expect(try bed.analysisTables() == before, "a refused shard changes nothing")
        // Run again, the shard drops what changed and analyses it anew.
        let rerun = try bed.shard(1, of: 1)
        #expect(rerun.stdout.contains("analysed 1 tracks"), "\(rerun.stdout)")
        #expect(try bed.merge([good]).status == 0)
    }

    @Test("--output refuses a file that is no shard of this one, and a run holding the shard's lock makes another exit 75")
    func outputRefusals() throws {
        let bed = try ShardBed(tracks: 2)
        let library = try bed.copyDatabase("library-copy.db")
        let bytes = FileManager.default.contents(atPath: library)
        let notShard = try bed.analyze(["--shard", "1/2", "--output", library])
        #expect(notShard.status == 2)
        #expect(notShard.stderr.contains("\(library) is not a shard file of segue-analyze (it holds tables of its own); name another --output"),
                "\(notShard.stderr)")
        #expect(FileManager.default.contents(atPath: library) == bytes, "the file was not touched")

        #expect(try bed.shard(1, of: 2).status == 0)
        let wrongShard = try bed.analyze(["--shard", "2/2", "--output", bed.shardFile(1, of: 2)])
        #expect(wrongShard.status == 2)
        #expect(wrongShard.stderr.contains("holds shard 1/2, not 2/2"), "\(wrongShard.stderr)")

        let other = bed.folder.file("other.db")
        #expect(try ProcessRunner.runStage("segue-scan", ["--config", bed.config, "--db", other, "--quiet"]).status == 0)
        let foreign = try bed.analyze(["--db", other, "--shard", "1/2", "--output", bed.shardFile(1, of: 2)])
        #expect(foreign.status == 2)
        #expect(foreign.stderr.contains("holds a shard of another library (cut from \(bed.database))"), "\(foreign.stderr)")

        let lock = try StageLock(path: bed.shardFile(2, of: 2) + ".lock", holder: "a test")
        let held = try bed.shard(2, of: 2)
        lock.release()
        #expect(held.status == 75)
        #expect(held.stderr.contains("is held by pid \(getpid()) (a test)"), "\(held.stderr)")

        for (arguments, message) in [
            (["--shard", "5/4", "--output", "x.db"], "--shard must be K/N with 1 ≤ K ≤ N, found '5/4'"),
            (["--shard", "1/4"], "--shard needs --output FILE"),
            (["--output", "x.db"], "--output goes with --shard K/N"),
            (["--merge", bed.folder.file("missing.db")], "--merge: no such file \(bed.folder.file("missing.db"))"),
            (["--merge", library, "--force"], "--merge analyses nothing"),
            (["--shard", "1/4", "--output", "x.db", "--dry-run"], "--dry-run cannot be used with --shard or --merge"),
        ] {
            let result = try bed.analyze(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)")
        }
    }

    @Test("a shard killed with SIGKILL resumes from its own file to the features of a clean run")
    func killedShardResumes() throws {
        let bed = try ShardBed(tracks: 16, seconds: 10)
        let single = try bed.copyDatabase("single.db")
        #expect(try bed.analyze(["--db", single, "--quiet"]).status == 0)
        let file = bed.shardFile(1, of: 1)
        var kills = 0
        for target in [1, 5, 9] {
            let running = try ProcessRunner.start(ProcessRunner.executable("segue-analyze"),
                                                  ["--config", bed.config, "--shard", "1/1", "--output", file, "--quiet"])
            while running.process.isRunning, (try? bed.scalar("SELECT COUNT(*) FROM sonic_features", in: file) as Int?) ?? 0 < target {
                usleep(2_000)
            }
            guard running.process.isRunning else {
                _ = running.wait()
                break
            }
            running.signal(SIGKILL)
            #expect(running.wait().status == SIGKILL)
            kills += 1
        }
        #expect(kills >= 1, "at least one run was killed mid-way")
        let last = try bed.shard(1, of: 1)
        #expect(last.status == 0, "\(last.stderr)")
        #expect(try bed.scalar("PRAGMA integrity_check", in: file) as String? == "ok")
        #expect(try bed.scalar("SELECT MAX(analysis_count) FROM sonic_features", in: file) as Int? == 1, "no committed track redone")
        #expect(try bed.merge([file]).status == 0)
        #expect(try bed.features() == bed.features(in: single))
    }
}
