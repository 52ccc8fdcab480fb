import Foundation
@testable import SegueDSP

/// Test signals defined by formula, identically in scripts/librosa_reference.py: computed in
/// Double, stored as Float32 at 22,050 Hz. Noise is a 32-bit LCG, the same in both.
enum TestSignals {
    static let sampleRate = Double(TrackAnalyzer.sampleRate)

    static func named(_ name: String) -> [Float] {
        switch name {
        case "sine1000": return sine(1000, seconds: 10, amplitude: 0.5)
        case "noise": return noise(count: 10 * TrackAnalyzer.sampleRate).map { Float($0) }
        case "clicks120": return clicks(bpm: 120, seconds: 20).map { Float($0) }
        case "clicks90": return clicks(bpm: 90, seconds: 20).map { Float($0) }
        case "cMajor": return tones([48, 60, 64, 67], seconds: 10).map { Float($0) }
        case "aMinor": return tones([45, 57, 60, 64], seconds: 10).map { Float($0) }
        case "mix": return mix(seconds: 15)
        default: preconditionFailure("unknown test signal \(name)")
        }
    }

    static func sine(_ hz: Double, seconds: Double, amplitude: Double) -> [Float] {
        (0..<Int(seconds * sampleRate)).map { Float(amplitude * sin(2 * Double.pi * hz * Double($0) / sampleRate)) }
    }

    static func noise(count: Int, seed: UInt32 = 12345, amplitude: Double = 0.5) -> [Double] {
        var state = seed
        return (0..<count).map { _ in
            state = 1_664_525 &* state &+ 1_013_904_223
            return amplitude * (Double(state >> 8) / 16_777_216 * 2 - 1)
        }
    }

    static func tones(_ notes: [Int], seconds: Double, amplitude: Double = 0.2) -> [Double] {
        let hz = notes.map { 440 * pow(2, Double($0 - 69) / 12) }
        return (0..<Int(seconds * sampleRate)).map { n in
            let t = Double(n) / sampleRate
            return hz.reduce(0) { $0 + amplitude * sin(2 * Double.pi * $1 * t) }
        }
    }

    static func clicks(bpm: Double, seconds: Double) -> [Double] {
        (0..<Int(seconds * sampleRate)).map { n in
            let tau = fmod(Double(n) / sampleRate, 60 / bpm)
            return tau < 0.03 ? 0.8 * sin(2 * Double.pi * 1500 * tau) * exp(-tau / 0.004) : 0
        }
    }

    /// A C-major chord (root doubled in the bass), clicks at 100 BPM and noise, faded in over 2 s.
    static func mix(seconds: Double) -> [Float] {
        let chord = tones([48, 60, 64, 67], seconds: seconds)
        let beat = clicks(bpm: 100, seconds: seconds)
        let hiss = noise(count: chord.count)
        return (0..<chord.count).map { n in
            let fade = min(1, Double(n) / sampleRate / 2)
            return Float(fade * (0.5 * chord[n] + beat[n] + 0.1 * hiss[n]))
        }
    }

    /// Analyzes `samples` as one segment fed in chunks of `chunk` samples.
    static func analyze(_ samples: [Float], chunk: Int = 4096, analyzer: TrackAnalyzer = TrackAnalyzer()) -> SegmentFeatures {
        let segment = analyzer.beginSegment()
        samples.withUnsafeBufferPointer { all in
            var start = 0
            while start < all.count {
                let end = min(all.count, start + chunk)
                segment.consume(UnsafeBufferPointer(rebasing: all[start..<end]))
                start = end
            }
        }
        return segment.finish()
    }
}
