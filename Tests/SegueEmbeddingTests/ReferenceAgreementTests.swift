import Foundation
import Testing
@testable import SegueEmbedding
import SegueTestSupport

/// Segue's MusiCNN against TensorFlow running the wheel's own model on the same signals
/// (MusiCNNReference.swift, from scripts/musicnn_reference.py): the log-mel front end band by
/// band, and the 200-value embedding of every patch.
@Suite struct ReferenceAgreementTests {
    static let model = Result { try MusiCNNModel(directory: ModelFiles.musicnn) }
    static let signals = FormulaSignals(sampleRate: TrackEmbedder.sampleRate)

    /// The signals of scripts/musicnn_reference.py, by name.
    static func signal(_ name: String) -> [Float] {
        switch name {
        case "sine1000": return signals.sine(1000, seconds: 10, amplitude: 0.5)
        case "noise": return signals.noise(count: 10 * TrackEmbedder.sampleRate).map { Float($0) }
        case "clicks120": return signals.clicks(bpm: 120, seconds: 20).map { Float($0) }
        case "cMajor": return signals.tones([48, 60, 64, 67], seconds: 10).map { Float($0) }
        case "mix": return signals.mix(seconds: 15)
        case "short": return signals.sine(440, seconds: 2, amplitude: 0.5)
        default: preconditionFailure("unknown test signal \(name)")
        }
    }

    /// One window holding the whole signal, fed in chunks of an awkward size.
    static func patches(of samples: [Float]) -> WindowPatches {
        let window = WindowPatches(capacity: MusiCNNReference.patchesPerWindow)
        let frontEnd = LogMelFrontEnd()
        window.reset(plannedSamples: samples.count)
        samples.withUnsafeBufferPointer { all in
            var start = 0
            while start < all.count {
                let end = min(all.count, start + 1_000)
                window.consume(UnsafeBufferPointer(rebasing: all[start..<end]), frontEnd: frontEnd)
                start = end
            }
        }
        window.finish(frontEnd: frontEnd)
        return window
    }

    @Test(arguments: MusiCNNReference.signals.keys.sorted())
    func frontEndMatchesLibrosa(_ name: String) throws {
        let reference = try #require(MusiCNNReference.signals[name])
        let window = Self.patches(of: Self.signal(name))
        #expect(window.patchCount == reference.count)
        for (index, expected) in reference.enumerated() {
            let patch = window.patch(index)
            for band in 0..<MusiCNNModel.melBands {
                var sum: Float = 0
                for frame in 0..<MusiCNNModel.patchFrames { sum += patch[frame * MusiCNNModel.melBands + band] }
                let mean = sum / Float(MusiCNNModel.patchFrames)
                // log10(10000 · mel + 1): 1e-3 is a 0.2 % error in the mel energy.
                #expect(abs(mean - expected.melMeans[band]) < 1e-3, "\(name) patch \(index) band \(band): \(mean) vs \(expected.melMeans[band])")
            }
        }
    }

    /// Cosine ≥ 0.9999 per patch, and no value off by 1e-4 or more (values are of order 1; the
    /// largest difference, printed, was 1.1e-5 when this was written).
    @Test(arguments: MusiCNNReference.signals.keys.sorted())
    func embeddingsMatchTensorFlow(_ name: String) throws {
        let reference = try #require(MusiCNNReference.signals[name])
        let network = MusiCNN(model: try Self.model.get())
        let window = Self.patches(of: Self.signal(name))
        var output = [Float](repeating: .nan, count: MusiCNNModel.dimension)
        var worst: Float = 0
        for (index, expected) in reference.enumerated() where index < window.patchCount {
            network.embed(window.patch(index), into: &output)
            let cosine = Self.cosine(output, expected.embedding)
            let error = zip(output, expected.embedding).map { abs($0 - $1) }.max() ?? .infinity
            worst = max(worst, error)
            #expect(cosine >= 0.9999, "\(name) patch \(index): cosine \(cosine)")
            #expect(error < 1e-4, "\(name) patch \(index): max abs error \(error)")
        }
        print("MusiCNN reference \(name): max abs error \(worst)")
    }

    static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        var dot = 0.0, aa = 0.0, bb = 0.0
        for (x, y) in zip(a, b) {
            dot += Double(x) * Double(y)
            aa += Double(x) * Double(x)
            bb += Double(y) * Double(y)
        }
        return dot / (aa * bb).squareRoot()
    }
}
