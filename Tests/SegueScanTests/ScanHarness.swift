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

    /// Runs `segue-scan` in the harness folder (so no stray `config.yaml` is read).
    @discardableResult
    func scan(_ arguments: [String] = []) throws -> ProcessResult {
        try ProcessRunner.runStage("segue-scan", ["--db", database] + arguments, in: folder.path,
                                   environment: ["SEGUE_MUSIC_DIR": library, "HOME": folder.path, "PATH": "/usr/bin:/bin"])
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
