import Testing
@testable import SegueEmbedding
import SegueTestSupport

@Suite struct WindowPatchesTests {
    static func collect(_ samples: [Float], planned: Int? = nil, patches: Int = 3, chunk: Int) -> WindowPatches {
        let frontEnd = LogMelFrontEnd()
        let window = WindowPatches(capacity: patches)
        window.reset(plannedSamples: planned ?? samples.count)
        samples.withUnsafeBufferPointer { all in
            var start = 0
            while start < all.count {
                let end = min(all.count, start + chunk)
                window.consume(UnsafeBufferPointer(rebasing: all[start..<end]), frontEnd: frontEnd)
                start = end
            }
        }
        window.finish(frontEnd: frontEnd)
        return window
    }

    static func values(_ window: WindowPatches) -> [Float] {
        Array(UnsafeBufferPointer(start: window.storage.baseAddress, count: window.patchCount * MusiCNNModel.patchFrames * MusiCNNModel.melBands))
    }

    static let noise = FormulaSignals(sampleRate: TrackEmbedder.sampleRate).noise(count: 12 * TrackEmbedder.sampleRate).map { Float($0) }

    @Test func chunkingDoesNotChangeABit() {
        let whole = Self.values(Self.collect(Self.noise, chunk: Self.noise.count))
        #expect(Self.values(Self.collect(Self.noise, chunk: 1)) == whole)
        #expect(Self.values(Self.collect(Self.noise, chunk: 4_099)) == whole)
    }

    /// 30 s at 16 kHz is 1876 frames: three patches centred on the middle of each third.
    @Test func patchesSpreadOverTheWindow() {
        let window = WindowPatches(capacity: 3)
        window.reset(plannedSamples: 30 * TrackEmbedder.sampleRate)
        #expect(window.patchCount == 3)
        let one = WindowPatches(capacity: 1)
        one.reset(plannedSamples: 30 * TrackEmbedder.sampleRate)
        #expect(one.patchCount == 1)
    }

    /// A window shorter than a patch gives one patch, its frames repeated.
    @Test func shortWindowRepeatsItsFrames() {
        let samples = Array(Self.noise.prefix(TrackEmbedder.sampleRate))
        let window = Self.collect(samples, chunk: 777)
        #expect(window.patchCount == 1)
        let frames = LogMelFrontEnd.frameCount(samples: samples.count)
        let bands = MusiCNNModel.melBands
        let patch = window.patch(0)
        for t in frames..<MusiCNNModel.patchFrames {
            for band in 0..<bands { #expect(patch[t * bands + band] == patch[(t % frames) * bands + band]) }
        }
    }

    /// Audio that stops before the planned end is padded with zeros, and damaged samples count
    /// as silence: every value stays finite.
    @Test func shortfallAndDamageStayFinite() {
        var samples = Array(Self.noise.prefix(5 * TrackEmbedder.sampleRate))
        samples[100] = .nan
        samples[200] = .infinity
        let window = Self.collect(samples, planned: 10 * TrackEmbedder.sampleRate, chunk: 4_096)
        #expect(window.patchCount == 3)
        #expect(Self.values(window).allSatisfy { $0.isFinite })
        let silence = Self.values(Self.collect([Float](repeating: 0, count: 10 * TrackEmbedder.sampleRate), chunk: 4_096))
        #expect(silence.allSatisfy { $0 == 0 })
    }
}
