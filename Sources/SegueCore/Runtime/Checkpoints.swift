import Foundation

/// The `checkpoints/` folder: success stamps and progress files, never the source of truth.
public struct Checkpoints: Sendable {
    public let folder: String

    public init(folder: String) {
        self.folder = folder
    }

    public func lockPath(stage: String) -> String {
        (folder as NSString).appendingPathComponent("\(stage).lock")
    }

    public func stampPath(stage: String) -> String {
        (folder as NSString).appendingPathComponent("\(stage).done")
    }

    public func progressPath(stage: String) -> String {
        (folder as NSString).appendingPathComponent("\(stage).json")
    }

    /// Touches `<stage>.done`, which `make` compares against its inputs.
    public func stamp(stage: String, at date: Date = Date()) throws(RuntimeError) {
        let path = stampPath(stage: stage)
        try write(Data(ISO8601DateFormatter().string(from: date).utf8) + Data("\n".utf8), to: path)
    }

    /// Rewrites `<stage>.json` atomically and durably (`AtomicFile`), so a reader or a killed
    /// writer never sees half a file.
    public func writeProgress(stage: String, _ value: some Encodable) throws(RuntimeError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        let path = progressPath(stage: stage)
        do {
            try write(try encoder.encode(value), to: path)
        } catch let error as RuntimeError {
            throw error
        } catch {
            throw .checkpointWrite(path: path, reason: error.localizedDescription)
        }
    }

    private func write(_ data: Data, to path: String) throws(RuntimeError) {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .checkpointWrite(path: path, reason: error.localizedDescription)
        }
        do {
            try AtomicFile.write(data, to: path)
        } catch {
            throw .checkpointWrite(path: path, reason: error.reason)
        }
    }
}
