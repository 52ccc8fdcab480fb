import Foundation
import GRDB
import SegueCore
import SegueTestSupport

/// A generated, scanned library for the sharded analysis, run end to end through
/// `segue-analyze --shard` and `--merge`, with a copy of the scanned database kept aside so
/// that a single-machine run of the same library can be compared with the shards.
final class ShardBed: @unchecked Sendable {
    let folder: TemporaryDirectory
    let music: String
    let config: String
    let database: String
    let shards: String

    /// The columns of `analysis_failures` a rerun must reproduce exactly.
    static let failureColumns = ["kind", "reason", "attempts"]

    /// - Parameter broken: add the generator's broken files, and two files the analysis
    ///   records as failures (a silent one and one too short).
    ///   `embedding`: analyse with the MusiCNN embedding too (slower; off, DSP features only).
    init(tracks: Int, seconds: Double = 6, broken: Bool = false, embedding: Bool = false, seed: UInt64 = 3) throws {
        folder = try TemporaryDirectory(prefix: "segue-shards")
        music = folder.file("music")
        config = folder.file("config.yaml")
        database = folder.file("state/segue.db")
        shards = folder.file("shards")
        try """
            library:
              music_dirs: [\(music)]
              database: \(database)
            analysis:
              batch_size: 2
              segment_seconds: 5
              workers: 1
              embedding: \(embedding ? "musicnn" : "none")
              embedding_model_dir: \(ModelFiles.musicnn)
            """.write(toFile: config, atomically: true, encoding: .utf8)
        try generate(tracks: tracks, seconds: seconds, broken: broken, seed: seed, into: music)
        if broken {
            let failing = folder.file("music/_failing")
            try FileManager.default.createDirectory(atPath: failing, withIntermediateDirectories: true)
            _ = try TestAudio.tone(seconds: 6, format: .flac, in: failing, name: "silence", amplitude: 0)
            _ = try TestAudio.tone(seconds: 0.4, format: .wav, in: failing, name: "short")
        }
        try scan()
    }

    /// Writes more tracks into the library (a folder of their own), as a user adds music.
    func generate(tracks: Int, seconds: Double = 6, broken: Bool = false, seed: UInt64, into folder: String) throws {
        var arguments = ["generate-library", "--out", folder, "--tracks", "\(tracks)", "--seconds", "\(seconds)", "--seed", "\(seed)"]
        if broken { arguments.append("--broken") }
        let generated = try ProcessRunner.runStage("segue-dev", arguments)
        guard generated.status == 0 else { throw ShardBedError.setup("generate-library: \(generated.stderr)") }
    }

    func scan() throws {
        let scanned = try ProcessRunner.runStage("segue-scan", ["--config", config, "--quiet"])
        guard scanned.status == 0 else { throw ShardBedError.setup("segue-scan: \(scanned.stderr)") }
    }

    /// A copy of the database as it is now, at `name` in the bed's folder.
    func copyDatabase(_ name: String) throws -> String {
        let copy = folder.file(name)
        let source = try DatabaseQueue(path: database)
        try source.backup(to: try DatabaseQueue(path: copy))
        return copy
    }

    /// `segue-analyze` with the bed's configuration.
    @discardableResult
    func analyze(_ arguments: [String], environment: [String: String]? = nil) throws -> ProcessResult {
        try ProcessRunner.runStage("segue-analyze", ["--config", config] + arguments, environment: environment)
    }

    func shardFile(_ index: Int, of count: Int) -> String {
        (shards as NSString).appendingPathComponent("shard-\(index)-of-\(count).db")
    }

    /// `segue-analyze --shard K/N --output shards/shard-K-of-N.db`.
    @discardableResult
    func shard(_ index: Int, of count: Int, _ arguments: [String] = []) throws -> ProcessResult {
        try analyze(["--shard", "\(index)/\(count)", "--output", shardFile(index, of: count)] + arguments)
    }

    @discardableResult
    func merge(_ files: [String], into path: String? = nil) throws -> ProcessResult {
        try analyze(["--db", path ?? database, "--merge"] + files)
    }

    /// Feature rows by track path, the columns a rerun must reproduce bit for bit.
    func features(in path: String? = nil) throws -> [String: [DatabaseValue]] {
        try rows(table: "sonic_features", columns: AnalysisFixture.featureColumns, in: path)
    }

    func failures(in path: String? = nil) throws -> [String: [DatabaseValue]] {
        try rows(table: "analysis_failures", columns: Self.failureColumns, in: path)
    }

    /// Every row of the tables a merge writes, every column, in order: what "changes nothing" compares.
    func analysisTables(in path: String? = nil) throws -> [[DatabaseValue]] {
        try DatabaseQueue(path: path ?? database).read { db in
            try ["sonic_features", "analysis_failures", "analysis_in_flight"].flatMap { table in
                try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY track_id").map { Array($0.databaseValues) }
            }
        }
    }

    /// The ids of the tracks a shard file's cut holds.
    func cut(of file: String) throws -> Set<Int64> {
        Set(try DatabaseQueue(path: file).read { db in try Int64.fetchAll(db, sql: "SELECT id FROM tracks") })
    }

    func scalar<T: DatabaseValueConvertible>(_ sql: String, in path: String? = nil) throws -> T? {
        try DatabaseQueue(path: path ?? database).read { db in try T.fetchOne(db, sql: sql) }
    }

    func execute(_ sql: String, in path: String? = nil, arguments: StatementArguments = []) throws {
        try DatabaseQueue(path: path ?? database).write { db in try db.execute(sql: sql, arguments: arguments) }
    }

    private func rows(table: String, columns: [String], in path: String?) throws -> [String: [DatabaseValue]] {
        try DatabaseQueue(path: path ?? database).read { db in
            var result: [String: [DatabaseValue]] = [:]
            let sql = "SELECT t.path, \(columns.map { "x.\($0)" }.joined(separator: ", ")) FROM \(table) x JOIN tracks t ON t.id = x.track_id"
            for row in try Row.fetchAll(db, sql: sql) {
                result[row[0]] = columns.indices.map { row[$0 + 1] as DatabaseValue }
            }
            return result
        }
    }
}

enum ShardBedError: Error, CustomStringConvertible {
    case setup(String)

    var description: String {
        switch self {
        case let .setup(message): "shard test setup failed: \(message)"
        }
    }
}
