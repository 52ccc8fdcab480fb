/// The sum over frames of librosa's autocorrelation tempogram (`librosa.feature.tempogram`,
/// 8 s Hann window = 344 onset frames, each frame's autocorrelation scaled to a maximum
/// of 1). Sums, not means, so segments add up into a track exactly.
struct Tempogram: Sendable, Equatable {
    static let lagCount = 344

    /// Per lag, the sum of normalized autocorrelations (librosa's tempogram, summed).
    var normalizedSum: [Double]
    /// Per lag, the sum of raw windowed autocorrelations, for the beat strength.
    var rawSum: [Double]
    var frameCount: Int

    static let empty = Tempogram(normalizedSum: [Double](repeating: 0, count: lagCount),
                                 rawSum: [Double](repeating: 0, count: lagCount), frameCount: 0)

    mutating func add(_ other: Tempogram) {
        for lag in 0..<Self.lagCount {
            normalizedSum[lag] += other.normalizedSum[lag]
            rawSum[lag] += other.rawSum[lag]
        }
        frameCount += other.frameCount
    }
}
