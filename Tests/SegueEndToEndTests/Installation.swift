import Foundation
import GRDB
import SegueCore
import SegueTestSupport

/// One user's Segue set-up in a temporary folder: a config file, a database and playlists of
/// its own, the shared generated library (or a private copy to change between nights), and
/// simulated genre services. Nights run as cron runs them: the repository's `pipeline.sh`
/// and `make`, on the built executables.
final class Installation: @unchecked Sendable {
    static let repository = FixtureFiles.packageRoot
    static let path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

    let library: SharedLibrary
    let folder: TemporaryDirectory
    let services: FixtureServices
    let music: String
    /// Whether nights compute the MusiCNN embedding; most tests leave it off to stay quick.
    let embedding: Bool
    /// Lines added under `analysis:` in every config this installation writes.
    let analysisConfig: String
    /// Added to the environment the nights run in (`SLURM_CONF` for a cluster).
    var extraEnvironment: [String: String] = [:]

    var config: String { folder.file("config.yaml") }
    var database: String { folder.file("state/segue.db") }
    var playlists: String { folder.file("playlists") }
    var checkpoints: String { folder.file("state/checkpoints") }

    /// - Parameters:
    ///   - privateMusic: copy the library, so the test may change it between nights.
    ///   - embedding: analyse with the MusiCNN embedding (`analysis.embedding: musicnn`).
    ///   - analysisConfig: more lines under `analysis:`.
    init(privateMusic: Bool = false, embedding: Bool = false, extraConfig: String = "", analysisConfig: String = "") throws {
        self.analysisConfig = analysisConfig
        self.embedding = embedding
        library = try SharedLibrary.get()
        folder = try TemporaryDirectory(prefix: "segue-e2e")
        services = try FixtureServices(library: library.services)
        if privateMusic {
            music = folder.file("music")
            let copied = try ProcessRunner.run("/bin/cp", ["-a", library.music, music])
            guard copied.status == 0 else { throw HarnessError.setup("copy library: \(copied.stderr)") }
        } else {
            music = library.music
        }
        try writeConfig(extra: extraConfig)
    }

    deinit {
        services.server.stop()
    }

    func writeConfig(extra: String = "", baseURL: String? = nil) throws {
        let url = baseURL ?? services.baseURL
        let text = """
            library:
              music_dirs: [\(music)]
              database: \(database)
            analysis:
              batch_size: 8
              embedding: \(embedding ? "musicnn" : "none")
              embedding_model_dir: \(ModelFiles.musicnn)
            \(analysisConfig)
            genres:
              musicbrainz:
                base_url: \(url)
                requests_per_second: 200
                contact: e2e@example.invalid
            history:
              listenbrainz:
                user: \(SharedLibrary.listenbrainzUser)
                base_url: \(url)
            playlists:
              output_dir: \(playlists)
            \(extra)
            """
        try text.write(toFile: config, atomically: true, encoding: .utf8)
    }

    var environment: [String: String] {
        ["PATH": Self.path, "HOME": folder.path, "SEGUE_BIN": ProcessRunner.productsDirectory, "LC_ALL": "C.UTF-8"]
            .merging(extraEnvironment) { $1 }
    }

    /// `pipeline.sh --config … [targets]`, as the crontab line runs it.
    @discardableResult
    func pipeline(_ targets: [String] = []) throws -> ProcessResult {
        try ProcessRunner.run(Self.repository + "/pipeline.sh", ["--config", config] + targets,
                              in: Self.repository, environment: environment)
    }

    func startPipeline() throws -> RunningProcess {
        try ProcessRunner.start(Self.repository + "/pipeline.sh", ["--config", config], in: Self.repository, environment: environment)
    }

    /// `make TARGET… CONFIG=…`, as a user reruns a stage.
    @discardableResult
    func make(_ targets: [String]) throws -> ProcessResult {
        try ProcessRunner.run("/usr/bin/make", ["-s", "--no-print-directory", "-C", Self.repository, "CONFIG=\(config)"] + targets,
                              environment: environment)
    }

    /// One stage's executable, directly.
    @discardableResult
    func stage(_ name: String, _ arguments: [String] = []) throws -> ProcessResult {
        try ProcessRunner.runStage("segue-\(name)", ["--config", config] + arguments, environment: environment)
    }

    func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws -> T {
        try AppDatabase(path: database).pool.read(body)
    }

    /// Every `.m3u8` playlist entry, resolved against the playlist's folder.
    func playlistEntries() throws -> [String: [String]] {
        var entries: [String: [String]] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: playlists) where name.hasSuffix(".m3u8") {
            let text = try String(contentsOfFile: (playlists as NSString).appendingPathComponent(name), encoding: .utf8)
            entries[name] = text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
                line.hasPrefix("/") ? String(line) : URL(fileURLWithPath: playlists).appendingPathComponent(String(line)).standardized.path
            }
        }
        return entries
    }

    var requestCount: Int {
        services.server.requests.count
    }
}

extension ProcessResult {
    /// The pipeline summary row of one stage: `stage status seconds summary`.
    func summaryRow(_ stage: String) -> String? {
        stdout.split(separator: "\n").map(String.init).last { $0.hasPrefix(stage.padding(toLength: 9, withPad: " ", startingAt: 0)) }
    }

    var output: String { stdout + stderr }
}
