import ArgumentParser
import Foundation
import SegueCore
import SegueTestSupport

/// `segue-dev subsonic-server`: a Subsonic-shaped server on loopback whose library is the
/// tracks of a Segue database, for the player benchmark (Supysonic would take long to scan
/// 30,000 real files; its correctness is tested against the real Supysonic).
struct SubsonicServerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subsonic-server",
        abstract: "Serve a Subsonic API whose songs are the tracks of a library database.",
        discussion: """
            Songs are named by their path under --music-dir, as Subsonic servers name them. \
            Log in as user 'segue', password 's3cret'. Runs until killed; with --requests-log, \
            appends one line per request (time, method and path).
            """)

    @Option(help: "Port on 127.0.0.1 (0: any free port).")
    var port: Int = 0

    @Option(name: .customLong("library-db"), help: ArgumentHelp("Library database whose tracks are the songs.", valueName: "file"))
    var libraryDB: String

    @Option(name: .customLong("music-dir"), help: ArgumentHelp("The library's music folder.", valueName: "folder"))
    var musicDir: String

    @Option(name: .customLong("requests-log"), help: ArgumentHelp("File to append each request to.", valueName: "file"))
    var requestsLog: String?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard FileManager.default.fileExists(atPath: libraryDB) else { throw ValidationError("--library-db \(libraryDB) not found") }
    }

    func run() throws {
        let songs = try SubsonicFixture.songs(fromDatabase: libraryDB, musicDir: musicDir)
        let server = try SubsonicFixture(songs: songs, port: port, requestLog: requestsLog)
        FileHandle.standardOutput.write(Data("segue-dev: serving \(songs.count) songs at \(server.baseURL)\n".utf8))
        while true { sleep(3600) }
    }
}
