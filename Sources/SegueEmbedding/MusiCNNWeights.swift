import Foundation
import SegueCore

/// The converted MusiCNN weights as `scripts/musicnn_convert.py` writes them: `msd_musicnn.f32`
/// holds every tensor as little-endian float32, one after the other, and `msd_musicnn.json`
/// their TensorFlow names, shapes and offsets (in floats).
struct MusiCNNWeights {
    static let weightsFile = "msd_musicnn.f32"
    static let manifestFile = "msd_musicnn.json"

    private struct Manifest: Decodable {
        struct Entry: Decodable {
            var name: String
            var shape: [Int]
            var offset: Int
        }

        var floats: Int
        var sha256: String
        var tensors: [Entry]
    }

    let path: String
    /// SHA-256 of the weights file, as the converter recorded it and this load checked it.
    let sha256: String
    private let values: [Float]
    private let entries: [String: Manifest.Entry]

    init(directory: String) throws(EmbeddingError) {
        let weightsPath = (directory as NSString).appendingPathComponent(Self.weightsFile)
        let manifestPath = (directory as NSString).appendingPathComponent(Self.manifestFile)
        guard FileManager.default.fileExists(atPath: weightsPath), FileManager.default.fileExists(atPath: manifestPath) else {
            throw .weightsMissing(directory: directory)
        }
        path = weightsPath
        let manifest: Manifest
        let data: Data
        do {
            manifest = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: URL(fileURLWithPath: manifestPath)))
        } catch let error as DecodingError {
            throw .invalidWeights(path: manifestPath, reason: "not a weights manifest (\(error))")
        } catch {
            throw .unreadable(path: manifestPath, reason: error.localizedDescription)
        }
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: weightsPath))
        } catch {
            throw .unreadable(path: weightsPath, reason: error.localizedDescription)
        }
        guard data.count == 4 * manifest.floats else {
            throw .invalidWeights(path: weightsPath, reason: "\(data.count) bytes, the manifest says \(manifest.floats) floats")
        }
        // A file damaged or replaced since the converter checked it would give wrong embeddings
        // silently: the digest is compared on every load (3 MB, a few milliseconds).
        var digest = SHA256Digest()
        data.withUnsafeBytes { digest.update($0) }
        let actual = digest.finalizeHex()
        guard actual == manifest.sha256.lowercased() else {
            throw .invalidWeights(path: weightsPath, reason: "SHA-256 \(actual) differs from \(manifest.sha256) in \(Self.manifestFile)")
        }
        values = data.withUnsafeBytes { raw in
            (0..<manifest.floats).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))) }
        }
        sha256 = manifest.sha256
        var entries: [String: Manifest.Entry] = [:]
        for entry in manifest.tensors {
            guard entry.offset >= 0, entry.offset + entry.shape.reduce(1, *) <= manifest.floats else {
                throw .invalidWeights(path: manifestPath, reason: "tensor \(entry.name) runs past the end of the weights")
            }
            entries[entry.name] = entry
        }
        self.entries = entries
    }

    /// The values of tensor `name`, which must have `shape`, in TensorFlow's row-major order.
    func tensor(_ name: String, shape: [Int]) throws(EmbeddingError) -> [Float] {
        guard let entry = entries[name] else {
            throw .invalidWeights(path: path, reason: "no tensor \(name)")
        }
        guard entry.shape == shape else {
            throw .invalidWeights(path: path, reason: "tensor \(name) has shape \(entry.shape), expected \(shape)")
        }
        return Array(values[entry.offset..<(entry.offset + shape.reduce(1, *))])
    }
}
