import Foundation
import SegueCore

/// Synthesizes the mono 16-bit PCM of a generated track.
///
/// Each style renders one short pattern (a bar of drums, a four-chord progression) and
/// tiles it to the requested length: cheap even in a debug build, and periodic in a way
/// analysis can check (the tempo of a tiled bar is exactly its BPM).
public struct SignalSynthesizer: Sendable {
    public static let sampleRate = 44_100

    public enum Sound: Sendable, Equatable {
        case chords(root: Int, minor: Bool)
        case drums(bpm: Int)
        case noise(brightness: Float)
        case sparse(pitch: Int)

        /// Whether the render's seed shapes the audio (random hits, noise); chords and sparse
        /// tones of equal parameters are the same audio whatever the seed.
        public var isSeeded: Bool {
            switch self {
            case .drums, .noise: true
            case .chords, .sparse: false
            }
        }
    }

    public init() {}

    /// `seconds` of PCM, little-endian Int16.
    public func render(_ sound: Sound, seconds: Double, seed: UInt64) -> Data {
        let total = max(1, Int(seconds * Double(Self.sampleRate)))
        let pattern = self.pattern(sound, seed: seed).map { Int16(max(-1, min(1, $0)) * 26_000) }
        var samples: [Int16] = []
        samples.reserveCapacity(total)
        while samples.count < total {
            samples.append(contentsOf: pattern.prefix(total - samples.count))
        }
        return samples.withUnsafeBufferPointer { Data(buffer: $0) }
    }

    func pattern(_ sound: Sound, seed: UInt64) -> [Float] {
        var random = SplitMix64(seed: seed)
        switch sound {
        case let .chords(root, minor): return chords(root: root, minor: minor)
        case let .drums(bpm): return drums(bpm: bpm, random: &random)
        case let .noise(brightness): return noise(brightness: brightness, random: &random)
        case let .sparse(pitch): return sparse(pitch: pitch)
        }
    }

    /// I–V–vi–IV (major) or i–VI–III–VII (minor), two seconds per chord, root in octave 3.
    private func chords(root: Int, minor: Bool) -> [Float] {
        let degrees: [(Int, Bool)] = minor
            ? [(0, true), (8, false), (3, false), (10, false)]
            : [(0, false), (7, false), (9, true), (5, false)]
        let chordLength = 2 * Self.sampleRate
        var output = [Float](repeating: 0, count: chordLength * degrees.count)
        for (index, (offset, isMinor)) in degrees.enumerated() {
            let base = 48 + root + offset
            let notes = [base - 12, base, base + (isMinor ? 3 : 4), base + 7]
            for note in notes {
                addTone(into: &output, start: index * chordLength, length: chordLength,
                        frequency: Self.frequency(midi: note), amplitude: 0.18, decay: 0.6)
            }
        }
        return output
    }

    /// One bar of 4/4: kick on 1 and 3, snare on 2 and 4, closed hi-hat on every eighth.
    private func drums(bpm: Int, random: inout SplitMix64) -> [Float] {
        let beat = Self.sampleRate * 60 / bpm
        var output = [Float](repeating: 0, count: beat * 4)
        for step in 0..<8 {
            let start = step * beat / 2
            if step % 4 == 0 { kick(into: &output, start: start) }
            if step % 4 == 2 { burst(into: &output, start: start, length: beat / 2, amplitude: 0.5, decay: 25, random: &random) }
            burst(into: &output, start: start, length: beat / 4, amplitude: 0.12, decay: 90, random: &random)
        }
        return output
    }

    /// Four seconds of one-pole low-passed noise with a swell; `brightness` is the pole.
    private func noise(brightness: Float, random: inout SplitMix64) -> [Float] {
        let length = 4 * Self.sampleRate
        var output = [Float](repeating: 0, count: length)
        var state: Float = 0
        for index in 0..<length {
            state += (random.nextSignal() - state) * brightness
            let swell = 0.35 + 0.25 * Float(sin(Double(index) / Double(length) * .pi))
            output[index] = state * swell * 2
        }
        return output
    }

    /// A quiet half-second tone every eight seconds, silence in between.
    private func sparse(pitch: Int) -> [Float] {
        var output = [Float](repeating: 0, count: 8 * Self.sampleRate)
        addTone(into: &output, start: Self.sampleRate, length: Self.sampleRate / 2,
                frequency: Self.frequency(midi: pitch), amplitude: 0.15, decay: 4)
        return output
    }

    private func addTone(into output: inout [Float], start: Int, length: Int, frequency: Double, amplitude: Float, decay: Double) {
        let step = 2 * Double.pi * frequency / Double(Self.sampleRate)
        let attack = Self.sampleRate / 100
        for index in 0..<length where start + index < output.count {
            let time = Double(index) / Double(Self.sampleRate)
            let envelope = Float(exp(-decay * time)) * min(1, Float(index) / Float(attack))
            output[start + index] += amplitude * envelope * Float(sin(step * Double(index)))
        }
    }

    /// A sine sweeping from 150 Hz to 50 Hz with a fast decay.
    private func kick(into output: inout [Float], start: Int) {
        let length = Self.sampleRate / 4
        var phase = 0.0
        for index in 0..<length where start + index < output.count {
            let time = Double(index) / Double(Self.sampleRate)
            phase += 2 * Double.pi * (50 + 100 * exp(-time * 30)) / Double(Self.sampleRate)
            output[start + index] += 0.8 * Float(exp(-time * 12) * sin(phase))
        }
    }

    private func burst(into output: inout [Float], start: Int, length: Int, amplitude: Float, decay: Double, random: inout SplitMix64) {
        for index in 0..<length where start + index < output.count {
            let time = Double(index) / Double(Self.sampleRate)
            output[start + index] += amplitude * Float(exp(-time * decay)) * random.nextSignal()
        }
    }

    static func frequency(midi note: Int) -> Double {
        440 * pow(2, Double(note - 69) / 12)
    }
}
