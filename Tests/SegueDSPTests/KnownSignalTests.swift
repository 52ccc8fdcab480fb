import Foundation
import Testing
@testable import SegueDSP

/// Signals whose answers are known without librosa.
@Suite struct KnownSignalTests {
    @Test(arguments: [440.0, 1000, 3000])
    func sineCentroidIsItsFrequency(hz: Double) {
        let features = TestSignals.analyze(TestSignals.sine(hz, seconds: 10, amplitude: 0.5))
        // Within 2 %: the two zero-padded frames at each end smear the spectrum a little.
        #expect(abs(Double(features.vector[FeatureLayout.centroid]) - hz) / hz < 0.02)
    }

    @Test(arguments: [("clicks120", 120.0), ("clicks90", 90.0)])
    func clickTrackTempo(name: String, bpm: Double) throws {
        let features = TestSignals.analyze(TestSignals.named(name))
        let measured = try #require(features.bpm)
        #expect(abs(measured - bpm) / bpm < 0.01, "\(measured)")
        #expect(features.vector[FeatureLayout.tempoConfidence] > 0.5)
    }

    @Test(arguments: ["noise", "cMajor"])
    func steadySoundsHaveNoPulseAndNoOnsets(name: String) {
        let features = TestSignals.analyze(TestSignals.named(name))
        #expect(features.vector[FeatureLayout.tempoConfidence] < 0.2)
        #expect(features.vector[FeatureLayout.onsetRate] < 0.5)
    }

    @Test(arguments: [("cMajor", "C", "major"), ("aMinor", "A", "minor")])
    func chordKey(name: String, key: String, mode: String) {
        let features = TestSignals.analyze(TestSignals.named(name))
        #expect(features.key == key)
        #expect(features.mode == mode)
    }

    @Test(arguments: [0, 100, 4_410, 5 * 22_050])
    func silenceHasNoNaN(samples: Int) {
        let analyzer = TrackAnalyzer()
        let segment = TestSignals.analyze([Float](repeating: 0, count: samples), analyzer: analyzer)
        #expect(segment.vector.count == FeatureLayout.segmentDimension)
        #expect(segment.vector.allSatisfy { $0.isFinite })
        #expect(segment.loudnessLUFS == nil)
        #expect(segment.vector[FeatureLayout.loudness] == Float(FeatureLayout.loudnessFloor))
        #expect(segment.bpm == nil)
        #expect(segment.key == nil)
        #expect(segment.energy == 0)
        let track = analyzer.finishTrack(segments: [segment], whole: nil)
        #expect(track.vector.allSatisfy { $0.isFinite })
        #expect(track.loudnessLUFS == nil && track.loudnessRange == nil && track.bpm == nil)
    }

    @Test func nonFiniteSamplesCountAsSilence() {
        var samples = TestSignals.sine(440, seconds: 3, amplitude: 0.5)
        samples[1_000] = .nan
        samples[20_000] = .infinity
        let features = TestSignals.analyze(samples)
        #expect(features.vector.allSatisfy { $0.isFinite })
        #expect(features.loudnessLUFS != nil)
    }

    @Test func shortInputHasFeaturesButNoLoudness() {
        let features = TestSignals.analyze(TestSignals.sine(440, seconds: 0.3, amplitude: 0.5))
        #expect(features.vector.allSatisfy { $0.isFinite })
        #expect(features.loudnessLUFS == nil)
        #expect(abs(features.vector[FeatureLayout.centroid] - 440) < 30)
    }

    @Test func whiteNoiseIsFlatAndCentred() {
        let features = TestSignals.analyze(TestSignals.named("noise"))
        // White noise: flatness e^−γ ≈ 0.56 in theory; centroid at a quarter of the rate.
        #expect(features.vector[FeatureLayout.flatness] > 0.5)
        let centre = Double(TrackAnalyzer.sampleRate) / 4
        #expect(abs(Double(features.vector[FeatureLayout.centroid]) - centre) / centre < 0.03)
        #expect(features.key == nil || features.vector[FeatureLayout.keyStrength] < 0.5)
    }

    @Test func sineLoudnessFollowsR128() throws {
        // A 1 kHz sine of peak amplitude A reads 20 log10(A) − 3.01 LUFS (K-weighting is
        // ~0 dB at 1 kHz by design): −9.03 LUFS at A = 0.5, with no loudness range.
        let features = TestSignals.analyze(TestSignals.sine(1000, seconds: 10, amplitude: 0.5))
        let lufs = try #require(features.loudnessLUFS)
        #expect(abs(lufs - -9.03) < 0.1, "\(lufs)")
        #expect(try #require(features.loudnessRange) < 0.1)
    }

    @Test func energyOrdersQuietBelowBusy() {
        let quiet = TestSignals.analyze(TestSignals.sine(440, seconds: 10, amplitude: 0.01))
        let busy = TestSignals.analyze(TestSignals.named("mix"))
        #expect(quiet.energy >= 0 && busy.energy <= 1)
        #expect(quiet.energy < busy.energy)
    }
}
