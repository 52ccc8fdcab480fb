import Foundation

/// Tempo after `librosa.feature.tempo` (formerly `librosa.beat.tempo`): the autocorrelation
/// tempogram of the onset envelope, averaged over frames, weighted by a log-normal prior
/// around 120 BPM (one octave standard deviation), nothing above 320 BPM. librosa answers
/// the best lag's BPM, a grid of ~2.3 % steps near 120 BPM; Segue also refines the lag by
/// a parabola through the peak and its neighbours.
final class TempoEstimator {
    static let lagCount = Tempogram.lagCount
    /// `next_fast_len(2 * 344 - 1)`, the size librosa's `autocorrelate` pads to.
    private static let fftSize = 720
    private static let window: [Float] = (0..<lagCount).map {
        Float(0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(lagCount)))
    }
    private static let windowEnergy = window.reduce(0) { $0 + Double($1) * Double($1) }
    /// The beat strength at which the confidence is halved: a sustained sound's faint
    /// beating (~0.07) barely counts, a drum pulse (> 1) fully.
    private static let pulseHalfPoint = 0.25
    /// Lags below this mean a tempo of 320 BPM or more.
    static let firstLag = 9

    private let fft = RealFFT(size: fftSize)

    /// Sums the tempogram of one onset envelope (librosa pads it by half a window on each
    /// side with a linear ramp to zero and takes one window per onset frame).
    func tempogram(of envelope: [Float]) -> Tempogram {
        var result = Tempogram.empty
        let n = envelope.count
        guard n > 0 else { return result }
        let half = Self.lagCount / 2
        var padded = [Float](repeating: 0, count: n + 2 * half)
        for i in 0..<half {
            padded[i] = envelope[0] * Float(i) / Float(half)
            padded[half + n + i] = envelope[n - 1] * Float(half - 1 - i) / Float(half)
        }
        for i in 0..<n { padded[half + i] = envelope[i] }
        let input = fft.real, spectrum = fft.spectrum
        let scale = 1 / Double(Self.fftSize)
        padded.withUnsafeBufferPointer { padded in
            Self.window.withUnsafeBufferPointer { window in
                for frame in 0..<n {
                    var energy: Float = 0
                    for j in 0..<Self.lagCount {
                        let v = padded[frame + j] * window[j]
                        input[j] = v
                        energy += v
                    }
                    if energy == 0 { continue }
                    for j in Self.lagCount..<Self.fftSize { input[j] = 0 }
                    fft.forward()
                    for k in 0...(Self.fftSize / 2) {
                        let re = spectrum[2 * k], im = spectrum[2 * k + 1]
                        spectrum[2 * k] = re * re + im * im
                        spectrum[2 * k + 1] = 0
                    }
                    fft.inverse()
                    var peak: Float = 0
                    for lag in 0..<Self.lagCount { peak = max(peak, abs(input[lag])) }
                    let norm = peak < Float.leastNormalMagnitude ? 1 : Double(peak)
                    for lag in 0..<Self.lagCount {
                        let v = Double(input[lag])
                        result.normalizedSum[lag] += v / norm
                        result.rawSum[lag] += v * scale
                    }
                }
            }
        }
        result.frameCount = n
        return result
    }

    /// Picks the tempo from a summed tempogram.
    static func estimate(_ tempogram: Tempogram) -> TempoEstimate {
        let frames = Double(max(1, tempogram.frameCount))
        let mean = tempogram.normalizedSum.map { $0 / frames }
        guard mean.contains(where: { $0 > 0 }) else { return .none }
        var best = firstLag
        var bestScore = -Double.infinity
        for lag in firstLag..<lagCount {
            let score = log1p(1e6 * mean[lag]) + logPrior(lag: lag)
            if score > bestScore { bestScore = score; best = lag }
        }
        var period = Double(best)
        if best > firstLag && best + 1 < lagCount {
            let (a, b, c) = (mean[best - 1], mean[best], mean[best + 1])
            let curvature = a - 2 * b + c
            if curvature < 0 { period += max(-0.5, min(0.5, 0.5 * (a - c) / curvature)) }
        }
        let raw = tempogram.rawSum.map { $0 / frames }
        let strength = (prominence(of: raw, at: best) / windowEnergy).squareRoot()
        // Clear (prominent) and audible (a pulse of 0.25 onset units counts half).
        let confidence = prominence(of: mean, at: best) / mean[best] * strength / (strength + pulseHalfPoint)
        return TempoEstimate(bpm: bpm(period: period), librosaBPM: bpm(period: Double(best)),
                             confidence: confidence, beatStrength: strength)
    }

    /// How far `values[lag]` stands above the deeper of its flanking troughs, the minima
    /// over half a period on either side: a pulse has near-empty off-beats, while noise or a
    /// sustained sound gives an autocorrelation that merely decays with the lag.
    private static func prominence(of values: [Double], at lag: Int) -> Double {
        let left = values[max(1, lag / 2)...lag].min()!
        let right = values[lag...min(lagCount - 1, lag + lag / 2)].min()!
        return max(0, values[lag] - max(left, right))
    }

    private static func bpm(period: Double) -> Double {
        60 * Double(FrameGeometry.sampleRate) / (Double(FrameGeometry.hopLength) * period)
    }

    private static func logPrior(lag: Int) -> Double {
        let octaves = log2(bpm(period: Double(lag))) - log2(120)
        return -0.5 * octaves * octaves
    }
}

/// A tempo and how clearly the music pulses at it.
struct TempoEstimate: Sendable, Equatable {
    /// Refined BPM; nil when the onset envelope is flat (silence).
    var bpm: Double?
    /// What `librosa.feature.tempo` answers: the BPM of the best whole lag.
    var librosaBPM: Double?
    /// 0…1: the winning lag's prominence over its flanking troughs relative to its height,
    /// times `beatStrength / (beatStrength + 0.25)`.
    var confidence: Double
    /// Amplitude of the periodic part of the onset envelope (the square root of the raw
    /// autocorrelation's prominence per unit window energy), in onset-strength units.
    var beatStrength: Double

    static let none = TempoEstimate(bpm: nil, librosaBPM: nil, confidence: 0, beatStrength: 0)
}
