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

    @OptionGroup var server: ServerOptions

    @Option(name: .customLong("music-dir"), help: ArgumentHelp("The library's music folder.", valueName: "folder"))
    var musicDir: String

    func run() throws {
        let songs = try SubsonicFixture.songs(fromDatabase: server.libraryDB, musicDir: musicDir)
        let subsonic = try SubsonicFixture(songs: songs, port: server.port, requestLog: server.requestsLog)
        FileHandle.standardOutput.write(Data("segue-dev: serving \(songs.count) songs at \(subsonic.baseURL)\n".utf8))
        while true { sleep(3600) }
    }
}
