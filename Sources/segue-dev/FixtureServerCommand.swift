import ArgumentParser
import Foundation
import SegueCore
import SegueTestSupport

/// `segue-dev fixture-server`: MusicBrainz, Last.fm and ListenBrainz simulated on loopback
/// for a library database, for benchmarks and manual runs of `segue-genres`.
struct FixtureServerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fixture-server",
        abstract: "Serve simulated MusicBrainz, Last.fm and ListenBrainz for a library database.",
        discussion: """
            Answers for the artists and albums of --library-db in the shape of the recorded \
            responses in Tests/Fixtures. Point genres.musicbrainz.base_url, genres.lastfm.base_url \
            and history.listenbrainz.base_url at the printed URL. Runs until killed; with \
            --requests-log, appends one line per request (time, path and query).
            """)

    @Option(help: "Port on 127.0.0.1 (0: any free port).")
    var port: Int = 0

    @Option(name: .customLong("library-db"), help: ArgumentHelp("Library database to answer for.", valueName: "file"))
    var libraryDB: String

    @Option(name: .customLong("requests-log"), help: ArgumentHelp("File to append each request to.", valueName: "file"))
    var requestsLog: String?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard FileManager.default.fileExists(atPath: libraryDB) else { throw ValidationError("--library-db \(libraryDB) not found") }
    }

    func run() throws {
        let library = try SyntheticGenreLibrary.fixtureLibrary(from: AppDatabase(path: libraryDB, readOnly: true))
        let services = try FixtureServices(library: library, port: port, requestLog: requestsLog)
        // Unbuffered, so a script reading the URL from a redirected stdout sees it at once.
        FileHandle.standardOutput.write(Data("segue-dev: serving \(library.artists.count) artists at \(services.baseURL)\n".utf8))
        while true { sleep(3600) }
    }
}
