import Foundation

/// librosa's `filters.chroma(sr=22050, n_fft=2048, tuning=0)`: each FFT bin spreads onto
/// the 12 pitch classes by a Gaussian in semitones (as wide as the bin), weighted by a
/// Gaussian over octaves centred on 880 Hz (`ctroct=5`, `octwidth=2`), pitch class 0 = C.
/// Tuning is fixed at 0 (A = 440 Hz): librosa's default estimates it from the audio, which
/// would need the whole spectrogram before the first chroma frame.
struct ChromaFilterbank: Sendable {
    static let pitchClassCount = 12

    /// Per FFT bin, its 12 weights (padded to 16 lanes) for a vectorized accumulation.
    let weights: [SIMD16<Float>]

    init() {
        let chroma = Self.pitchClassCount
        let n = FrameGeometry.fftSize
        var frequencyBins = [Double](repeating: 0, count: n)
        for k in 1..<n {
            frequencyBins[k] = Double(chroma) * log2(FrameGeometry.binFrequency(k) / (440.0 / 16))
        }
        frequencyBins[0] = frequencyBins[1] - 1.5 * Double(chroma)
        var columns: [SIMD16<Float>] = []
        for k in 0..<FrameGeometry.binCount {
            let binWidth = max(frequencyBins[k + 1] - frequencyBins[k], 1)
            var column = [Double](repeating: 0, count: chroma)
            for c in 0..<chroma {
                let shifted = frequencyBins[k] - Double(c) + 6 + 10 * Double(chroma)
                let distance = shifted - Double(chroma) * (shifted / Double(chroma)).rounded(.down) - 6
                column[c] = exp(-0.5 * pow(2 * distance / binWidth, 2))
            }
            let norm = column.reduce(0) { $0 + $1 * $1 }.squareRoot()
            let octaveWeight = exp(-0.5 * pow((frequencyBins[k] / Double(chroma) - 5) / 2, 2))
            var lanes = SIMD16<Float>(repeating: 0)
            for c in 0..<chroma {
                // librosa rolls by -3 so that row 0 is C rather than A.
                lanes[c] = Float(column[(c + 3) % chroma] / norm * octaveWeight)
            }
            columns.append(lanes)
        }
        weights = columns
    }
}
