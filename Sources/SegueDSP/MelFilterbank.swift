import Foundation

/// librosa's `filters.mel(sr, n_fft, n_mels, htk=False, norm="slaney")`: triangles on the
/// Slaney mel scale (linear below 1 kHz, logarithmic above) from 0 Hz to Nyquist, each scaled
/// to unit area. Stored sparse: each band is one contiguous run of non-zero FFT bins.
/// The DSP features use 128 bands at 22,050 Hz with n_fft 2048; the learned embedding
/// (SegueEmbedding) 96 bands at 16 kHz with n_fft 512.
public struct MelFilterbank: Sendable {
    /// Bands of the DSP features' filterbank.
    static let bandCount = 128

    public let bands: Int
    /// First FFT bin of each band.
    let starts: [Int]
    /// Weights of each band, bin `starts[b] + i` at `weights[offsets[b] + i]`.
    let weights: [Float]
    /// Start of each band in `weights`; `offsets[bands]` is the end.
    let offsets: [Int]

    /// The DSP features' filterbank.
    init() {
        self.init(sampleRate: FrameGeometry.sampleRate, fftSize: FrameGeometry.fftSize, bands: Self.bandCount)
    }

    public init(sampleRate: Int, fftSize: Int, bands: Int) {
        self.bands = bands
        let nyquist = Double(sampleRate) / 2
        let maxMel = Self.hzToMel(nyquist)
        let edges = (0..<(bands + 2)).map { i in
            Self.melToHz(i == bands + 1 ? maxMel : Double(i) * maxMel / Double(bands + 1))
        }
        var starts: [Int] = []
        var weights: [Float] = []
        var offsets = [0]
        for band in 0..<bands {
            let lowerWidth = edges[band + 1] - edges[band]
            let upperWidth = edges[band + 2] - edges[band + 1]
            let areaNorm = 2 / (edges[band + 2] - edges[band])
            var row: [(Int, Float)] = []
            for k in 0...(fftSize / 2) {
                let f = Double(k) * Double(sampleRate) / Double(fftSize)
                let rising = (f - edges[band]) / lowerWidth
                let falling = (edges[band + 2] - f) / upperWidth
                let w = Float(max(0, min(rising, falling)))
                if w > 0 { row.append((k, w * Float(areaNorm))) }
            }
            let first = row.first?.0 ?? 0
            starts.append(first)
            if let last = row.last?.0 {
                var dense = [Float](repeating: 0, count: last - first + 1)
                for (k, w) in row { dense[k - first] = w }
                weights += dense
            }
            offsets.append(weights.count)
        }
        self.starts = starts
        self.weights = weights
        self.offsets = offsets
    }

    /// The energy of each band: `energies[b] = Σ weight · power[bin]` over the band's bins.
    public func apply(power: UnsafePointer<Float>, into energies: UnsafeMutablePointer<Float>) {
        weights.withUnsafeBufferPointer { weights in
            for band in 0..<bands {
                let start = starts[band], offset = offsets[band]
                var energy: Float = 0
                for i in 0..<(offsets[band + 1] - offset) {
                    energy += weights[offset + i] * power[start + i]
                }
                energies[band] = energy
            }
        }
    }

    /// Slaney's mel scale (librosa `hz_to_mel`, `htk=False`).
    static func hzToMel(_ hz: Double) -> Double {
        hz >= 1000 ? 15 + log(hz / 1000) / logStep : hz / (200.0 / 3)
    }

    static func melToHz(_ mel: Double) -> Double {
        mel >= 15 ? 1000 * exp(logStep * (mel - 15)) : mel * 200.0 / 3
    }

    private static let logStep = log(6.4) / 27
}
