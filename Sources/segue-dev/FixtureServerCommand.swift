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

    @OptionGroup var server: ServerOptions

    func run() throws {
        let library = try SyntheticGenreLibrary.fixtureLibrary(from: AppDatabase(path: server.libraryDB, readOnly: true))
        let services = try FixtureServices(library: library, port: server.port, requestLog: server.requestsLog)
        // Unbuffered, so a script reading the URL from a redirected stdout sees it at once.
        FileHandle.standardOutput.write(Data("segue-dev: serving \(library.artists.count) artists at \(services.baseURL)\n".utf8))
        while true { sleep(3600) }
    }
}
