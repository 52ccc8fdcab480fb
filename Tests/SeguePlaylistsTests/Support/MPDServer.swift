import Foundation
import SegueTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A private MPD on loopback over a music folder and a playlist folder, for checking that a
/// real player resolves every exported entry.
final class MPDServer {
    static let mpd = "/usr/bin/mpd"
    static let mpc = "/usr/bin/mpc"
    static var isInstalled: Bool {
        FileManager.default.isExecutableFile(atPath: mpd) && FileManager.default.isExecutableFile(atPath: mpc)
    }

    let port: Int
    private let process = Process()

    init(music: String, playlists: String, folder: String) throws {
        port = try LoopbackPort.free()
        let config = (folder as NSString).appendingPathComponent("mpd.conf")
        func file(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
        try """
            music_directory "\(music)"
            playlist_directory "\(playlists)"
            db_file "\(file("mpd.db"))"
            log_file "\(file("mpd.log"))"
            pid_file "\(file("mpd.pid"))"
            bind_to_address "127.0.0.1"
            port "\(port)"
            zeroconf_enabled "no"
            audio_output {
                type "null"
                name "null"
            }
            """.write(toFile: config, atomically: true, encoding: .utf8)
        process.executableURL = URL(fileURLWithPath: Self.mpd)
        process.arguments = ["--no-daemon", config]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        for _ in 0..<100 {
            if try mpc(["status"]).status == 0 { break }
            usleep(100_000)
        }
        let update = try mpc(["update", "--wait"])
        guard update.status == 0 else { throw CocoaError(.fileReadUnknown, userInfo: ["mpc": update.stderr]) }
    }

    @discardableResult
    func mpc(_ arguments: [String]) throws -> ProcessResult {
        try ProcessRunner.run(Self.mpc, ["-h", "127.0.0.1", "-p", String(port)] + arguments)
    }

    /// The files MPD puts in its queue for a stored playlist (`NAME.m3u` in the playlist folder).
    func mpdEntries(ofPlaylist name: String) throws -> (files: [String], errors: String) {
        try mpc(["clear"])
        let load = try mpc(["load", name])
        let list = try mpc(["-f", "%file%", "playlist"])
        return (list.stdout.split(separator: "\n").map(String.init), load.stderr + list.stderr)
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    deinit {
        stop()
    }
}
