import Testing
import SegueDSP
import SegueEmbedding
@testable import SegueIndex

/// The index weights features by family; these tests hold its ranges to the layout the
/// analysis writes, so a layout change cannot silently mix up the families.
@Suite struct FeatureLayoutAgreementTests {
    let families = FeatureGroups.standard.families(dimension: FeatureLayout.trackDimension)

    @Test func theGroupsCoverTheTrackVectorAndTheEmbeddingExactly() {
        #expect(FeatureGroups.standard.vectorDimension == FeatureLayout.trackDimension)
        #expect(FeatureGroups.standard.dimension == FeatureLayout.trackDimension + MusiCNNModel.dimension)
        let embedding = FeatureGroups.standard.families(dimension: FeatureGroups.standard.dimension)[FeatureLayout.trackDimension...]
        #expect(embedding.allSatisfy { $0 == .embedding })
    }

    @Test func eachFeatureFallsInItsFamily() {
        for index in FeatureLayout.mfccMean.lowerBound..<FeatureLayout.contrastStd.upperBound {
            #expect(families[index] == .timbre, "dimension \(index)")
        }
        #expect(families[FeatureLayout.zeroCrossingRate] == .timbre)
        #expect(families[FeatureLayout.rms] == .loudness)
        for index in FeatureLayout.chromaMean { #expect(families[index] == .harmony, "chroma \(index)") }
        for index in [FeatureLayout.keyStrength, FeatureLayout.modeScore] { #expect(families[index] == .harmony) }
        for index in [FeatureLayout.onsetMean, FeatureLayout.onsetRate, FeatureLayout.bpm, FeatureLayout.tempoConfidence, FeatureLayout.beatStrength] {
            #expect(families[index] == .rhythm, "dimension \(index)")
        }
        for index in [FeatureLayout.loudness, FeatureLayout.loudnessRange, FeatureLayout.energy] { #expect(families[index] == .loudness) }
        for index in FeatureLayout.segmentSpread { #expect(families[index] == .other) }
    }

    @Test func windowsShorterThanTheTrackVectorAlignWithIt() {
        let track = (0..<FeatureLayout.trackDimension).map { Float($0) }
        let windows = (0..<3).flatMap { window in (0..<FeatureLayout.segmentDimension).map { Float(1000 * (window + 1) + $0) } }
        let features = IndexInputs.Features(vector: track, segments: windows, bpm: nil, key: nil, mode: nil)
        let end = Array(features.segment(2)!)
        #expect(end.count == track.count)
        #expect(end[0] == 3000 && end[FeatureLayout.segmentDimension - 1] == Float(3000 + FeatureLayout.segmentDimension - 1))
        #expect(Array(end[FeatureLayout.segmentDimension...]) == Array(track[FeatureLayout.segmentDimension...]))
    }
}
