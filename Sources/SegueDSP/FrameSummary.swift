/// Running statistics of the descriptors librosa computes frame by frame without any
/// whole-signal step: spectral shape, zero-crossing rate, RMS and chroma.
struct FrameSummary {
    var centroid = RunningMoments()
    var bandwidth = RunningMoments()
    var rolloff = RunningMoments()
    var flatness = RunningMoments()
    var zeroCrossingRate = RunningMoments()
    var rms = RunningMoments()
    private(set) var chromaSum = [Double](repeating: 0, count: ChromaFilterbank.pitchClassCount)

    mutating func add(shape: SpectralShape) {
        centroid.add(shape.centroid)
        bandwidth.add(shape.bandwidth)
        rolloff.add(shape.rolloff)
        flatness.add(shape.flatness)
    }

    mutating func addChroma(_ chroma: SIMD16<Float>) {
        for c in 0..<ChromaFilterbank.pitchClassCount { chromaSum[c] += Double(chroma[c]) }
    }

    var chromaMean: [Double] {
        let n = Double(max(1, rms.count))
        return chromaSum.map { $0 / n }
    }
}
