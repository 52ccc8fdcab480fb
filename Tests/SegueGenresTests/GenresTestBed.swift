import Foundation
import GRDB
import Logging
import SegueCore
import SegueGenres
import SegueTestSupport

/// A temporary database, the simulated services for a library, and a config pointing at them.
final class GenresTestBed: @unchecked Sendable {
    /// How long a request may wait in the fixture server, on a loaded machine, before its
    /// arrival is recorded: the tolerance of every check on arrival times.
    static let arrivalJitter = 0.5

    let directory: TemporaryDirectory
    let database: AppDatabase
    let services: FixtureServices

    init(library: FixtureLibrary = FixtureLibrary()) throws {
        directory = try TemporaryDirectory(prefix: "segue-genres")
        database = try AppDatabase(path: directory.file("segue.db"))
        services = try FixtureServices(library: library)
    }

    /// A bed with `artists` synthetic artists (MBIDs known) and their albums.
    convenience init(artists: Int, albumsPerArtist: Int = 1, withMBIDs: Bool = true) throws {
        try self.init()
        let library = try SyntheticGenreLibrary.populate(database, artists: artists, albumsPerArtist: albumsPerArtist,
                                                         withArtistMBIDs: withMBIDs, withReleaseGroupMBIDs: withMBIDs)
        services.updateLibrary { $0 = library }
    }

    /// Config YAML for the services, fast rates and short timeouts unless overridden.
    func yaml(musicbrainzRate: Double = 50, lastfmKey: String? = nil, lastfmRate: Double = 50,
              lastfmUser: String? = nil, listenbrainzUser: String? = nil, minIntervalMinutes: Int? = nil,
              extraTags: [String] = []) -> String {
        var text = """
            library:
              music_dirs: [\(directory.path)]
              database: \(database.path)
            genres:
              musicbrainz:
                base_url: \(services.baseURL)
                requests_per_second: \(musicbrainzRate)
                contact: tests@example.invalid
              lastfm:
                base_url: \(services.baseURL)
                requests_per_second: \(lastfmRate)

            """
        if let lastfmKey { text += "    api_key: \(lastfmKey)\n" }
        if !extraTags.isEmpty { text += "  extra_tags: [\(extraTags.joined(separator: ", "))]\n" }
        text += """
              http:
                timeout_seconds: 1
                connect_timeout_seconds: 1
                retry_base_seconds: 0.05
            history:
              listenbrainz:
                base_url: \(services.baseURL)

            """
        if let listenbrainzUser { text += "    user: \(listenbrainzUser)\n" }
        if let lastfmUser { text += "  lastfm:\n    user: \(lastfmUser)\n" }
        if let minIntervalMinutes { text += "  min_interval_minutes: \(minIntervalMinutes)\n" }
        return text
    }

    func config(_ yaml: String? = nil) throws -> SegueConfig {
        try SegueConfig.parse(yaml: yaml ?? self.yaml(), filePath: "test.yaml", environment: [:])
    }

    /// Runs the stage in this process.
    func run(_ options: GenresOptions = GenresOptions(), yaml: String? = nil, now: Date = Date()) throws -> StageOutcome {
        try GenresStage(config: config(yaml), database: database, logger: Logger(label: "segue-genres-test"),
                        progress: { ProgressReporter(program: "segue-genres", label: $0, total: $1, enabled: false) },
                        now: now).run(options)
    }

    func count(_ sql: String) throws -> Int {
        try database.pool.read { try Int.fetchOne($0, sql: sql) ?? 0 }
    }

    func writeConfig(_ yaml: String) throws -> String {
        let path = directory.file("config.yaml")
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

extension StageOutcome {
    func count(_ name: String) -> Int? {
        counts.first { $0.0 == name }?.1
    }
}
