import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Supysonic 0.7.9, a real Subsonic API server from PyPI, on loopback over a music folder:
/// installed on first use into a virtual environment under the build folder
/// (`scripts/supysonic-venv.sh`, which `make test-deps` also runs), given a user and the
/// folder, scanned, then served by waitress until `stop()` ends it by its pid.
public final class SupysonicServer: @unchecked Sendable {
    public static var environment: String { FixtureFiles.packageRoot + "/.build-test/supysonic" }

    public let port: Int
    public let user: String
    public let password: String
    private let folder: String
    private let process = Process()

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    public init(music: String, folder: String, user: String = "segue", password: String = "n1ght-owl") throws {
        self.folder = folder
        self.user = user
        self.password = password
        port = try LoopbackPort.free()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let install = try ProcessRunner.run(FixtureFiles.packageRoot + "/scripts/supysonic-venv.sh", [Self.environment])
        guard install.status == 0 else { throw SupysonicError("installing Supysonic failed: \(install.stderr)") }
        let config = (folder as NSString).appendingPathComponent("supysonic.conf")
        try """
            [base]
            database_uri = sqlite:///\(folder)/supysonic.db
            [webapp]
            mount_api = on
            mount_webui = off
            cache_dir = \(folder)/supysonic-cache
            log_level = WARNING
            [daemon]
            socket = \(folder)/supysonic-daemon.sock
            """.write(toFile: config, atomically: true, encoding: .utf8)
        // Supysonic 0.7.9 reads `supysonic.conf` from its working folder (it has no variable
        // naming the file), so every command runs in `folder`.
        for arguments in [["user", "add", user, "-p", password], ["user", "setroles", "-A", user],
                          ["folder", "add", "music", music], ["folder", "scan", "music"]] {
            let run = try ProcessRunner.run(Self.environment + "/bin/supysonic-cli", arguments, in: folder)
            guard run.status == 0 else { throw SupysonicError("supysonic-cli \(arguments.joined(separator: " ")): \(run.stderr)") }
        }
        process.executableURL = URL(fileURLWithPath: Self.environment + "/bin/supysonic-server")
        process.arguments = ["-S", "waitress", "-h", "127.0.0.1", "-p", String(port)]
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        let log = (folder as NSString).appendingPathComponent("supysonic.log")
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: log)
        process.standardError = FileHandle(forWritingAtPath: log)
        try process.run()
        for _ in 0..<200 where !LoopbackPort.isListening(port) {
            guard process.isRunning else { throw SupysonicError("supysonic-server exited: \(Self.tail(log))") }
            usleep(50_000)
        }
        guard LoopbackPort.isListening(port) else { throw SupysonicError("supysonic-server is not listening: \(Self.tail(log))") }
    }

    deinit {
        stop()
    }

    /// Ends the server by its pid and waits for it. SIGKILL, because supysonic-server under
    /// waitress ignores SIGTERM and SIGINT; it keeps nothing that needs a clean shutdown.
    public func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// One API call with the password form, answering the `subsonic-response` object.
    public func call(_ method: String, _ parameters: [(String, String)] = []) throws -> [String: Any] {
        var components = URLComponents(string: "\(baseURL)/rest/\(method).view")!
        components.queryItems = (parameters + [("u", user), ("p", password), ("v", "1.12.0"), ("c", "segue-tests"), ("f", "json")])
            .map { URLQueryItem(name: $0.0, value: $0.1) }
        let data = try Data(contentsOf: components.url!)
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let response = object["subsonic-response"] as? [String: Any] else {
            throw SupysonicError("\(method): not a Subsonic answer: \(String(decoding: data.prefix(200), as: UTF8.self))")
        }
        guard response["status"] as? String == "ok" else { throw SupysonicError("\(method): \(response)") }
        return response
    }

    /// Every playlist the user sees: id, name, comment and the paths of its songs, in order.
    public func playlists() throws -> [(id: String, name: String, comment: String?, paths: [String])] {
        let list = ((try call("getPlaylists")["playlists"] as? [String: Any])?["playlist"] as? [[String: Any]]) ?? []
        return try list.map { playlist in
            let id = playlist["id"] as? String ?? ""
            let entries = ((try call("getPlaylist", [("id", id)])["playlist"] as? [String: Any])?["entry"] as? [[String: Any]]) ?? []
            return (id, playlist["name"] as? String ?? "", playlist["comment"] as? String, entries.compactMap { $0["path"] as? String })
        }
    }

    private static func tail(_ path: String) -> String {
        String(((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").suffix(600))
    }
}

public struct SupysonicError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
