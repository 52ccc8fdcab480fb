import Foundation
import Testing
@testable import SegueEmbedding
import SegueTestSupport

/// Loading the converted weights, and refusing missing or damaged ones with a line that says
/// what to do.
@Suite struct WeightsTests {
    @Test func convertedWeightsLoad() throws {
        let weights = try MusiCNNWeights(directory: ModelFiles.musicnn)
        #expect(weights.sha256.count == 64)
        let kernel = try weights.tensor("conv2d/kernel", shape: [7, 38, 1, 204])
        #expect(kernel.count == 7 * 38 * 204 && kernel.allSatisfy { $0.isFinite })
        #expect(throws: EmbeddingError.self) { try weights.tensor("conv2d/kernel", shape: [7, 38, 204]) }
    }

    @Test func missingWeightsNameTheFolderAndTheFix() throws {
        let folder = try TemporaryDirectory(prefix: "segue-weights")
        do {
            _ = try MusiCNNModel(directory: folder.path)
            Issue.record("loaded weights from an empty folder")
        } catch {
            #expect(error.exitStatus == .usage)
            #expect(error.message.contains(folder.path) && error.message.contains("make models")
                    && error.message.contains("analysis.embedding: none"))
        }
    }

    @Test func truncatedWeightsAreRefused() throws {
        let folder = try TemporaryDirectory(prefix: "segue-weights")
        for name in [MusiCNNWeights.manifestFile, MusiCNNWeights.weightsFile] {
            try FileManager.default.copyItem(atPath: ModelFiles.musicnn + "/" + name, toPath: folder.file(name))
        }
        let weights = try Data(contentsOf: URL(fileURLWithPath: folder.file(MusiCNNWeights.weightsFile)))
        try weights.prefix(weights.count / 2).write(to: URL(fileURLWithPath: folder.file(MusiCNNWeights.weightsFile)))
        do {
            _ = try MusiCNNModel(directory: folder.path)
            Issue.record("loaded truncated weights")
        } catch {
            #expect(error.exitStatus == .failure)
            #expect(error.message.contains(MusiCNNWeights.weightsFile) && error.message.contains("bytes"))
        }
    }

    /// One flipped bit keeps the size and every tensor's shape: only the digest can tell.
    @Test func weightsThatDifferFromTheirDigestAreRefused() throws {
        let folder = try TemporaryDirectory(prefix: "segue-weights")
        for name in [MusiCNNWeights.manifestFile, MusiCNNWeights.weightsFile] {
            try FileManager.default.copyItem(atPath: ModelFiles.musicnn + "/" + name, toPath: folder.file(name))
        }
        let path = folder.file(MusiCNNWeights.weightsFile)
        var weights = try Data(contentsOf: URL(fileURLWithPath: path))
        weights[weights.count / 2] ^= 0x01
        try weights.write(to: URL(fileURLWithPath: path))
        do {
            _ = try MusiCNNModel(directory: folder.path)
            Issue.record("loaded weights whose SHA-256 differs from the manifest's")
        } catch {
            #expect(error.exitStatus == .failure)
            #expect(error.message.contains(path) && error.message.contains("SHA-256"))
            #expect(!error.message.contains("\n"))
        }
    }
}
