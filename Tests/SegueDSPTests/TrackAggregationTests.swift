import Foundation
import Testing
@testable import SegueDSP

/// Track vectors pool the segments' frames; layout and dimensions are as documented.
@Suite struct TrackAggregationTests {
    @Test func layoutCoversEveryIndexOnce() {
        var seen = [Int](repeating: 0, count: FeatureLayout.trackDimension)
        let ranges = [FeatureLayout.mfccMean, FeatureLayout.mfccStd, FeatureLayout.contrastMean,
                      FeatureLayout.contrastStd, FeatureLayout.chromaMean, FeatureLayout.segmentSpread]
        for range in ranges { for i in range { seen[i] += 1 } }
        let pairs = [FeatureLayout.centroid, FeatureLayout.bandwidth, FeatureLayout.rolloff,
                     FeatureLayout.flatness, FeatureLayout.zeroCrossingRate, FeatureLayout.rms]
        for i in pairs { seen[i] += 1; seen[i + 1] += 1 }
        let singles = [FeatureLayout.onsetMean, FeatureLayout.onsetStd, FeatureLayout.onsetMax,
                       FeatureLayout.onsetRate, FeatureLayout.bpm, FeatureLayout.tempoConfidence,
                       FeatureLayout.beatStrength, FeatureLayout.keyStrength, FeatureLayout.modeScore,
                       FeatureLayout.loudness, FeatureLayout.loudnessRange, FeatureLayout.energy]
        for i in singles { seen[i] += 1 }
        #expect(seen == [Int](repeating: 1, count: FeatureLayout.trackDimension))
        #expect(FeatureLayout.segmentSpread.lowerBound == FeatureLayout.segmentDimension)
    }

    @Test func segmentsPoolLikeTheWholeSignal() throws {
        let samples = TestSignals.named("mix")
        let analyzer = TrackAnalyzer()
        let third = samples.count / 3
        let segments = (0..<3).map { i in
            TestSignals.analyze(Array(samples[(i * third)..<((i + 1) * third)]), analyzer: analyzer)
        }
        let whole = TestSignals.analyze(samples, analyzer: analyzer)
        let pooled = analyzer.finishTrack(segments: segments, whole: nil)
        #expect(pooled.vector.count == FeatureLayout.trackDimension)
        #expect(pooled.segmentVectors == segments.map(\.vector))
        for index in [FeatureLayout.centroid, FeatureLayout.rms, FeatureLayout.rms + 1] {
            let expected = Double(whole.vector[index])
            #expect(abs(Double(pooled.vector[index]) - expected) / expected < 0.02, "index \(index)")
        }
        #expect(pooled.key == "C" && pooled.mode == "major")
        let bpm = try #require(pooled.bpm)
        #expect(abs(bpm - 100) / 100 < 0.02, "\(bpm)")
        // Loudness gates over all segments' blocks together, like one stream.
        let lufs = try #require(pooled.loudnessLUFS), wholeLUFS = try #require(whole.loudnessLUFS)
        #expect(abs(lufs - wholeLUFS) < 0.2)
        #expect(pooled.vector[FeatureLayout.segmentSpread.lowerBound] > 0)
    }

    @Test func fullModeTakesTheWholeTrack() {
        let samples = TestSignals.named("clicks90")
        let analyzer = TrackAnalyzer()
        let segment = TestSignals.analyze(Array(samples[0..<(5 * 22_050)]), analyzer: analyzer)
        let whole = TestSignals.analyze(samples, analyzer: analyzer)
        let track = analyzer.finishTrack(segments: [segment], whole: whole)
        #expect(Array(track.vector[0..<FeatureLayout.segmentDimension]) == whole.vector)
        #expect(track.bpm == whole.bpm)
        #expect(track.loudnessLUFS == whole.loudnessLUFS)
    }

    @Test func noAudioAtAllGivesTheSilentVector() {
        let track = TrackAnalyzer().finishTrack(segments: [], whole: nil)
        #expect(track.vector.count == FeatureLayout.trackDimension)
        #expect(track.vector.allSatisfy { $0.isFinite })
        #expect(track.bpm == nil && track.key == nil && track.loudnessLUFS == nil)
    }
}
