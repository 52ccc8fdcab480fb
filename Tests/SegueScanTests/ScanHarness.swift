import Foundation
import GRDB
import SegueTestSupport

/// A generated library in its own temporary folder, a database beside it, and `segue-scan`
/// run over them as users run it.
final class ScanHarness: Sendable {
    let folder: TemporaryDirectory
    let library: String
    let manifest: LibraryManifest

    var database: String { folder.file("segue.db") }

    /// Short tracks keep generation near a second; 14 tracks cover every format twice.
    init(tracks: Int = 14, seconds: Double = 2, broken: Bool = false, seed: UInt64 = 7) throws {
        folder = try TemporaryDirectory(prefix: "segue-scan-test")
        library = folder.file("music")
        manifest = try LibraryGenerator(output: library, trackCount: tracks, seconds: seconds, seed: seed,
                                        includeBroken: broken, jobs: 1).generate()
    }

    /// A configuration holding only `analysis.embedding: none`: these tests are about the
    /// scan, and the DSP features alone are quick.
    func dspOnlyConfig() throws -> String {
        let path = folder.file("dsp-only.yaml")
        try "analysis:\n  embedding: none\n".write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// A user id no account has, for scans that must not run as root.
    static let unprivilegedID = 61_234

    /// Runs `segue-scan` in the harness folder (so no stray `config.yaml` is read).
    ///
    /// - Parameter unprivileged: run it as a user of its own, as a user's cron job runs it.
    ///   Root reads every file whatever its permissions (and CI runs as root), so a file or
    ///   folder the scan truly cannot read needs another user; the harness folder becomes that
    ///   user's, the library stays root's.
    @discardableResult
    func scan(_ arguments: [String] = [], unprivileged: Bool = false) throws -> ProcessResult {
        let environment = ["SEGUE_MUSIC_DIR": library, "HOME": folder.path, "PATH": "/usr/bin:/bin"]
        let command = [ProcessRunner.executable("segue-scan"), "--db", database] + arguments
        guard unprivileged, geteuid() == 0 else {
            return try ProcessRunner.run(command[0], Array(command.dropFirst()), in: folder.path, environment: environment)
        }
        let id = Self.unprivilegedID
        chmod(folder.path, 0o755)
        try FileManager.default.setAttributes([.ownerAccountID: id, .groupOwnerAccountID: id], ofItemAtPath: folder.path)
        return try ProcessRunner.run("/usr/bin/setpriv", ["--reuid=\(id)", "--regid=\(id)", "--clear-groups", "--"] + command,
                                     in: folder.path, environment: environment)
    }

    func path(_ relative: String) -> String {
        library + "/" + relative
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try DatabaseQueue(path: database).read(body)
    }

    func write(_ body: (Database) throws -> Void) throws {
        try DatabaseQueue(path: database).write(body)
    }

    /// The track row at a library-relative path.
    func track(_ relative: String) throws -> Row? {
        try read { try Row.fetchOne($0, sql: "SELECT * FROM tracks WHERE path = ?", arguments: [path(relative)]) }
    }

    func count(_ sql: String, _ arguments: StatementArguments = []) throws -> Int {
        try read { try Int.fetchOne($0, sql: sql, arguments: arguments) ?? 0 }
    }
}
