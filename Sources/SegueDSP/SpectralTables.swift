import Foundation

/// Everything the per-frame descriptors precompute once per process: the window, the
/// filterbanks, the DCT and the band edges. Immutable, shared by every thread.
final class SpectralTables: Sendable {
    static let shared = SpectralTables()

    static let mfccCount = 20
    static let contrastBandCount = 7

    /// Periodic Hann window of 2048 samples.
    let window: [Float]
    let binFrequencies: [Float]
    let mel = MelFilterbank()
    let chroma = ChromaFilterbank()
    /// DCT-II with orthonormal scaling (`scipy.fft.dct(norm="ortho")`), the first 20 rows.
    let dct: [Float]
    /// Spectral contrast sub-bands (librosa `spectral_contrast`, `fmin=200`, 6 octave bands
    /// plus the rest): bins `[start, end)` and how many extreme bins are averaged.
    let contrastBands: [(range: Range<Int>, quantileCount: Int)]

    private init() {
        window = RealFFT.hannWindow(size: FrameGeometry.fftSize)
        binFrequencies = (0..<FrameGeometry.binCount).map { Float(FrameGeometry.binFrequency($0)) }
        let bands = MelFilterbank.bandCount
        var dct = [Float](repeating: 0, count: Self.mfccCount * bands)
        for k in 0..<Self.mfccCount {
            let scale = (Double(k == 0 ? 1 : 2) / Double(bands)).squareRoot()
            for m in 0..<bands {
                dct[k * bands + m] = Float(scale * cos(Double.pi * Double(k) * (2 * Double(m) + 1) / (2 * Double(bands))))
            }
        }
        self.dct = dct
        contrastBands = Self.makeContrastBands()
    }

    private static func makeContrastBands() -> [(range: Range<Int>, quantileCount: Int)] {
        let octaveBands = contrastBandCount - 1
        var edges = [0.0]
        for i in 0...octaveBands { edges.append(200 * pow(2, Double(i))) }
        let lastBin = FrameGeometry.binCount - 1
        return (0..<contrastBandCount).map { k in
            let inBand = (0...lastBin).filter {
                let f = FrameGeometry.binFrequency($0)
                return f >= edges[k] && f <= edges[k + 1]
            }
            // librosa widens each band by one bin below, the top band to Nyquist, and
            // drops the highest bin of every other band (it belongs to the next one).
            let first = k > 0 ? inBand[0] - 1 : inBand[0]
            let last = k == octaveBands ? lastBin : inBand[inBand.count - 1]
            let memberCount = last - first + 1
            let end = k < octaveBands ? last : last + 1
            let quantile = max(1, Int((0.02 * Double(memberCount)).rounded(.toNearestOrEven)))
            return (first..<end, quantile)
        }
    }
}
