/// Measures the decoded audio of one track: mono Float32 at `sampleRate`, fed segment by
/// segment (beginning, middle, end; and the whole track in `full` mode), chunk by chunk, so a
/// 3-hour mix never has to sit in memory. One analyzer per worker thread: it owns the FFT
/// plans and buffers and reuses them across tracks; its accumulators belong to that thread.
public final class TrackAnalyzer {
    public static let sampleRate = FrameGeometry.sampleRate

    private let frameAnalyzer = FrameAnalyzer()
    private let tempoEstimator = TempoEstimator()
    private let rowPool = DecibelRowPool()

    public init() {}

    /// Starts a new stretch of audio (one segment). Several may be open at once.
    public func beginSegment() -> SegmentAccumulator {
        beginSegment(decibelCapacity: DecibelFrames.defaultCapacity)
    }

    func beginSegment(decibelCapacity: Int) -> SegmentAccumulator {
        SegmentAccumulator(frameAnalyzer: frameAnalyzer, tempoEstimator: tempoEstimator, decibelCapacity: decibelCapacity,
                           rowPool: rowPool)
    }

    /// Combines the finished segments into the track's vector and scalar columns.
    /// With `whole` (full mode) the track's values are the whole track's own; otherwise the
    /// segments' frames are pooled: frame-weighted means, pooled standard deviations,
    /// summed tempograms, and loudness gated over all segments' blocks together.
    public func finishTrack(segments: [SegmentFeatures], whole: SegmentFeatures?) -> TrackFeatures {
        let base: MeasuredFeatures
        if let whole {
            base = whole.measured
        } else if segments.isEmpty {
            base = beginSegment().finish().measured
        } else {
            base = Self.pool(segments)
        }
        var vector = base.vector + [Float](repeating: 0, count: FeatureLayout.segmentSpread.count)
        let spreadSources = [FeatureLayout.rms, FeatureLayout.centroid, FeatureLayout.flatness,
                             FeatureLayout.onsetMean, FeatureLayout.loudness]
        for (slot, source) in zip(FeatureLayout.segmentSpread, spreadSources) {
            var moments = RunningMoments()
            for segment in segments { moments.add(Double(segment.vector[source])) }
            vector[slot] = Float(moments.std)
        }
        return TrackFeatures(
            vector: vector, segmentVectors: segments.map(\.vector), bpm: base.tempo.bpm,
            bpmConfidence: base.tempo.confidence,
            key: base.key.pitchClass.map { KeyEstimator.pitchClassNames[$0] },
            mode: base.key.pitchClass == nil ? nil : (base.key.isMajor ? "major" : "minor"),
            keyStrength: base.key.strength, loudnessLUFS: base.loudnessLUFS,
            loudnessRange: base.loudnessRange, energy: base.energy)
    }

    private static func pool(_ segments: [SegmentFeatures]) -> MeasuredFeatures {
        var vector = FeatureVector(dimension: FeatureLayout.segmentDimension)
        for pair in FeatureLayout.meanStdPairs {
            var pooled = RunningMoments()
            for segment in segments {
                pooled.merge(RunningMoments(count: segment.frameCount, mean: Double(segment.vector[pair.mean]),
                                            std: Double(segment.vector[pair.std])))
            }
            vector.set(mean: pair.mean, std: pair.std, pooled)
        }
        let frames = Double(segments.reduce(0) { $0 + $1.frameCount })
        var chroma = [Double](repeating: 0, count: ChromaFilterbank.pitchClassCount)
        var tempogram = Tempogram.empty
        for segment in segments {
            for (c, i) in FeatureLayout.chromaMean.enumerated() {
                chroma[c] += Double(segment.vector[i]) * Double(segment.frameCount) / frames
            }
            tempogram.add(segment.tempogram)
        }
        vector.setChroma(chroma)
        vector[FeatureLayout.onsetMax] = Double(segments.map { $0.vector[FeatureLayout.onsetMax] }.max() ?? 0)
        let seconds = Double(segments.reduce(0) { $0 + $1.sampleCount }) / Double(sampleRate)
        let onsets = Double(segments.reduce(0) { $0 + $1.onsetCount })
        return vector.complete(tempo: TempoEstimator.estimate(tempogram), onsetRate: seconds > 0 ? onsets / seconds : 0,
                               loudness: LoudnessMeter.measure(segments.map(\.meter)))
    }
}
