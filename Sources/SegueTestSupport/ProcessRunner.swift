import Foundation

/// Runs a program and captures what it printed, for end-to-end tests of the executables.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

public enum ProcessRunner {
    /// The folder holding the built executables (`.build/debug` under `swift test`).
    public static var productsDirectory: String {
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
        // Drain both pipes while the process runs, so a chatty child never blocks.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data(), errData = Data()
        group.enter()
        DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        process.waitUntilExit()
        group.wait()
        return ProcessResult(status: process.terminationStatus,
                             stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Runs a built Segue stage, e.g. `runStage("segue-scan", ["--db", path])`.
    @discardableResult
    public static func runStage(_ name: String, _ arguments: [String], in directory: String? = nil,
                                environment: [String: String]? = nil) throws -> ProcessResult {
        try run(executable(name), arguments, in: directory, environment: environment)
    }
}
