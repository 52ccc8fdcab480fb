/// The features of one segment, in the layout of `FeatureLayout`, plus what a track needs
/// to aggregate segments exactly (frame counts, the summed tempogram, the loudness meter).
public struct SegmentFeatures: Sendable {
    public var vector: [Float] { measured.vector }
    public var bpm: Double? { measured.tempo.bpm }
    /// The BPM `librosa.feature.tempo` reports (best whole lag), for comparison.
    public var librosaBPM: Double? { measured.tempo.librosaBPM }
    public var key: String? { measured.key.pitchClass.map { KeyEstimator.pitchClassNames[$0] } }
    public var mode: String? { measured.key.pitchClass == nil ? nil : (measured.key.isMajor ? "major" : "minor") }
    public var loudnessLUFS: Double? { measured.loudnessLUFS }
    public var loudnessRange: Double? { measured.loudnessRange }
    public var energy: Double { measured.energy }

    public let sampleCount: Int
    public let frameCount: Int
    let tempogram: Tempogram
    /// Onsets detected (see `OnsetPeaks`).
    public let onsetCount: Int
    let measured: MeasuredFeatures
    let meter: LoudnessMeter

    init(measured: MeasuredFeatures, sampleCount: Int, frameCount: Int, tempogram: Tempogram,
         onsetCount: Int, meter: LoudnessMeter) {
        self.measured = measured
        self.sampleCount = sampleCount
        self.frameCount = frameCount
        self.tempogram = tempogram
        self.onsetCount = onsetCount
        self.meter = meter
    }
}

extension SegmentFeatures: Equatable {
    /// Equal measurements; the loudness meters themselves are not compared (their
    /// results are, through `measured`).
    public static func == (lhs: SegmentFeatures, rhs: SegmentFeatures) -> Bool {
        lhs.measured == rhs.measured && lhs.sampleCount == rhs.sampleCount && lhs.frameCount == rhs.frameCount
            && lhs.tempogram == rhs.tempogram && lhs.onsetCount == rhs.onsetCount
    }
}
