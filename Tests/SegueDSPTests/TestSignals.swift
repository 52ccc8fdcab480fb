import Foundation
@testable import SegueDSP
import SegueTestSupport

/// The test signals at 22,050 Hz (`FormulaSignals`), by the names scripts/librosa_reference.py
/// gives them.
enum TestSignals {
    static let formulas = FormulaSignals(sampleRate: TrackAnalyzer.sampleRate)

    static func named(_ name: String) -> [Float] {
        switch name {
        case "sine1000": return sine(1000, seconds: 10, amplitude: 0.5)
        case "noise": return formulas.noise(count: 10 * TrackAnalyzer.sampleRate).map { Float($0) }
        case "clicks120": return formulas.clicks(bpm: 120, seconds: 20).map { Float($0) }
        case "clicks90": return formulas.clicks(bpm: 90, seconds: 20).map { Float($0) }
        case "cMajor": return formulas.tones([48, 60, 64, 67], seconds: 10).map { Float($0) }
        case "aMinor": return formulas.tones([45, 57, 60, 64], seconds: 10).map { Float($0) }
        case "mix": return formulas.mix(seconds: 15)
        default: preconditionFailure("unknown test signal \(name)")
        }
    }

    static func sine(_ hz: Double, seconds: Double, amplitude: Double) -> [Float] {
        formulas.sine(hz, seconds: seconds, amplitude: amplitude)
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
