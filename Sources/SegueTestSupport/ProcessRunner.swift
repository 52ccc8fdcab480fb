import Foundation

/// Runs a program and captures what it printed, for end-to-end tests of the executables.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

public enum ProcessRunner {
    /// The folder holding the built executables: `SEGUE_BIN` when set (`make test` points it at
    /// the release build, so end-to-end tests run what users run), else the test's own build.
    public static var productsDirectory: String {
        if let bin = ProcessInfo.processInfo.environment["SEGUE_BIN"], !bin.isEmpty {
            return URL(fileURLWithPath: bin).standardizedFileURL.path
        }
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = testBinary.deletingLastPathComponent()
        while folder.path != "/", !FileManager.default.fileExists(atPath: folder.appendingPathComponent("segue-scan").path) {
            folder = folder.deletingLastPathComponent()
        }
        return folder.path
    }

    /// A built Segue executable, e.g. `segue-scan`.
    public static func executable(_ name: String) -> String {
        (productsDirectory as NSString).appendingPathComponent(name)
    }

    /// Runs `path` with `arguments` in `directory` and waits for it.
    @discardableResult
    public static func run(_ path: String, _ arguments: [String], in directory: String? = nil,
                           environment: [String: String]? = nil) throws -> ProcessResult {
        try start(path, arguments, in: directory, environment: environment).wait()
    }

    /// Starts `path` without waiting, so a test can signal it while it runs.
    public static func start(_ path: String, _ arguments: [String], in directory: String? = nil,
                             environment: [String: String]? = nil) throws -> RunningProcess {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return RunningProcess(process: process, stdout: out, stderr: err)
    }

    /// Runs a built Segue stage, e.g. `runStage("segue-scan", ["--db", path])`.
    @discardableResult
    public static func runStage(_ name: String, _ arguments: [String], in directory: String? = nil,
                                environment: [String: String]? = nil) throws -> ProcessResult {
        try run(executable(name), arguments, in: directory, environment: environment)
    }
}

/// A started process whose output is drained while it runs, so a chatty child never blocks.
public final class RunningProcess: @unchecked Sendable {
    public let process: Process
    private let group = DispatchGroup()
    private var outData = Data(), errData = Data()

    init(process: Process, stdout: Pipe, stderr: Pipe) {
        self.process = process
        group.enter()
        DispatchQueue.global().async { self.outData = stdout.fileHandleForReading.readDataToEndOfFile(); self.group.leave() }
        group.enter()
        DispatchQueue.global().async { self.errData = stderr.fileHandleForReading.readDataToEndOfFile(); self.group.leave() }
    }

    public var pid: Int32 { process.processIdentifier }

    /// Sends `signal` (e.g. SIGKILL) to the process.
    public func signal(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    public func wait() -> ProcessResult {
        process.waitUntilExit()
        group.wait()
        return ProcessResult(status: process.terminationStatus,
                             stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self))
    }
}
