import ArgumentParser
import Foundation

/// What every simulated server of `segue-dev` takes: a port, the library database it answers
/// for, and a file to log requests to.
struct ServerOptions: ParsableArguments {
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
}
