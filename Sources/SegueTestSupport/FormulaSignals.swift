import Foundation

/// The synthetic test signals, defined by formula at any sample rate, identically in
/// scripts/test_signals.py, from which the librosa and MusiCNN references were computed
/// (keep both in step): computed in Double, stored as Float32. Noise is a 32-bit LCG, the
/// same in both.
public struct FormulaSignals: Sendable {
    public let sampleRate: Double

    public init(sampleRate: Int) {
        self.sampleRate = Double(sampleRate)
    }

    public func sine(_ hz: Double, seconds: Double, amplitude: Double) -> [Float] {
        (0..<Int(seconds * sampleRate)).map { Float(amplitude * sin(2 * Double.pi * hz * Double($0) / sampleRate)) }
    }

    public func noise(count: Int, seed: UInt32 = 12345, amplitude: Double = 0.5) -> [Double] {
        var state = seed
        return (0..<count).map { _ in
            state = 1_664_525 &* state &+ 1_013_904_223
            return amplitude * (Double(state >> 8) / 16_777_216 * 2 - 1)
        }
    }

    public func tones(_ notes: [Int], seconds: Double, amplitude: Double = 0.2) -> [Double] {
        let hz = notes.map { 440 * pow(2, Double($0 - 69) / 12) }
        return (0..<Int(seconds * sampleRate)).map { n in
            let t = Double(n) / sampleRate
            return hz.reduce(0) { $0 + amplitude * sin(2 * Double.pi * $1 * t) }
        }
    }

    public func clicks(bpm: Double, seconds: Double) -> [Double] {
        (0..<Int(seconds * sampleRate)).map { n in
            let tau = fmod(Double(n) / sampleRate, 60 / bpm)
            return tau < 0.03 ? 0.8 * sin(2 * Double.pi * 1500 * tau) * exp(-tau / 0.004) : 0
        }
    }

    /// A C-major chord (root doubled in the bass), clicks at 100 BPM and noise, faded in over 2 s.
    public func mix(seconds: Double) -> [Float] {
        let chord = tones([48, 60, 64, 67], seconds: seconds)
        let beat = clicks(bpm: 100, seconds: seconds)
        let hiss = noise(count: chord.count)
        return (0..<chord.count).map { n in
            let fade = min(1, Double(n) / sampleRate / 2)
            return Float(fade * (0.5 * chord[n] + beat[n] + 0.1 * hiss[n]))
        }
    }
}
