import Foundation
import SegueAudio
import SegueTestSupport
import Testing

@Suite("Audio decoder")
struct AudioDecoderTests {
    static let rate = Double(AudioDecoder.outputSampleRate)

    /// Decodes the stretch and returns its samples.
    static func samples(_ decoder: AudioDecoder, from start: Int, count: Int?) throws -> (samples: [Float], result: AudioDecoder.ReadResult) {
        var samples: [Float] = []
        var expected: Int?
        let result = try decoder.read(from: start, count: count) { position, chunk in
            // The first chunk may start late when the stream does (WMA stamps its first frame late).
            #expect(position == expected ?? max(position, start), "chunks arrive in order without gaps")
            expected = position + chunk.count
            samples.append(contentsOf: chunk)
        }
        return (samples, result)
    }

    @Test("decodes the whole file to the right number of samples", arguments: TestAudio.Format.allCases)
    func sampleCount(format: TestAudio.Format) throws {
        let folder = try TemporaryDirectory()
        let path = try TestAudio.tone(seconds: 10, format: format, in: folder.path)
        let decoder = AudioDecoder()
        let info = try decoder.open(path)
        let declared = try #require(info.declaredSeconds)
        // FFmpeg estimates a short Musepack file's length from its bitrate.
        #expect(abs(declared - 10) < (format == .mpc ? 2 : 0.1), "declared \(declared) s")
        let (samples, result) = try Self.samples(decoder, from: 0, count: nil)
        #expect(result.reachedEnd)
        // Lossy encoders pad to whole frames; FFmpeg trims the padding where the file says how much.
        let tolerance = format.isLossless ? 2 : Int(0.05 * Self.rate)
        #expect(abs(samples.count - 10 * Int(Self.rate)) <= tolerance, "\(samples.count) samples")
        let peak = samples.map(abs).max() ?? 0
        #expect(abs(peak - 0.5) < 0.05, "peak \(peak)")
    }

    @Test("mono is the mean of the channels", arguments: [TestAudio.Format.wav, .flac, .mp3])
    func monoIsMean(format: TestAudio.Format) throws {
        let folder = try TemporaryDirectory()
        let path = (folder.path as NSString).appendingPathComponent("left.\(format.fileExtension)")
        try TestAudio.write("0.5*sin(2*PI*441*t)|0", seconds: 4, format: format, to: path)
        let decoder = AudioDecoder()
        _ = try decoder.open(path)
        let whole = try Self.samples(decoder, from: 0, count: nil).samples
        let peak = whole.dropFirst(2000).map(abs).max() ?? 0
        #expect(abs(peak - 0.25) < (format.isLossless ? 0.002 : 0.02), "peak \(peak)")
        // A window reached by seeking is downmixed the same way.
        let window = try Self.samples(decoder, from: Int(2.5 * Self.rate), count: Int(Self.rate)).samples
        #expect(window.count == Int(Self.rate))
        let windowPeak = window.map(abs).max() ?? 0
        #expect(abs(windowPeak - 0.25) < (format.isLossless ? 0.002 : 0.02), "peak \(windowPeak)")
    }

    @Test("seeking lands within a few milliseconds of the target", arguments: TestAudio.Format.allCases)
    func seekPrecision(format: TestAudio.Format) throws {
        let folder = try TemporaryDirectory()
        let path = (folder.path as NSString).appendingPathComponent("burst.\(format.fileExtension)")
        // Silence, then a tone from exactly 40 s.
        let burst = "if(gte(t,40),0.5*sin(2*PI*1000*t),0)"
        try TestAudio.write("\(burst)|\(burst)", seconds: 45, format: format, to: path)
        let decoder = AudioDecoder()
        _ = try decoder.open(path)
        let start = Int(39.5 * Self.rate)
        let window = try Self.samples(decoder, from: start, count: Int(Self.rate)).samples
        #expect(window.count == Int(Self.rate))
        let onset = try #require(window.firstIndex { abs($0) > 0.2 })
        let errorMilliseconds = (Double(onset) - 0.5 * Self.rate) / Self.rate * 1000
        #expect(abs(errorMilliseconds) < Self.seekTolerance(format), "onset off by \(errorMilliseconds) ms")
    }

    /// Milliseconds. FFmpeg does not compensate Musepack's decoder delay (481 samples), and
    /// ASF stamps WMA packets in whole milliseconds, a frame late.
    static func seekTolerance(_ format: TestAudio.Format) -> Double {
        switch format {
        case .mpc: 15
        case .wma: 60
        default: 5
        }
    }

    @Test("a file that is not audio is reported as such")
    func notAudio() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("noise.mp3")
        try Data((0..<20_000).map { UInt8(truncatingIfNeeded: $0 &* 7919 >> 3) }).write(to: URL(fileURLWithPath: path))
        let decoder = AudioDecoder()
        do {
            _ = try decoder.open(path)
            let decoded = try Self.samples(decoder, from: 0, count: nil).samples
            #expect(decoded.isEmpty || decoder.decodeErrors > 0)
        } catch let error as AudioError {
            #expect(error.message.contains(path))
        }
    }
}

@Suite("Audio decoder, second stream")
struct SecondStreamTests {
    /// The same stretch at 16 kHz from the same decode: as long as the stretch at that rate,
    /// in order, with the tone where it should be; the main stream is the one a decoder without
    /// a second stream yields, to the bit.
    @Test("a 16 kHz stream alongside the main one", arguments: [TestAudio.Format.flac, .mp3, .opus])
    func secondStream(format: TestAudio.Format) throws {
        let folder = try TemporaryDirectory()
        let path = try TestAudio.tone(seconds: 12, format: format, in: folder.path, frequency: 1000, amplitude: 0.5)
        let start = 4 * AudioDecoder.outputSampleRate, count = 3 * AudioDecoder.outputSampleRate
        let plain = AudioDecoder()
        _ = try plain.open(path)
        let expected = try AudioDecoderTests.samples(plain, from: start, count: count).samples

        let decoder = AudioDecoder(secondaryRate: 16_000)
        _ = try decoder.open(path)
        var main: [Float] = [], second: [Float] = []
        var next: Int?
        _ = try decoder.read(from: start, count: count, alongside: { position, chunk in
            #expect(position == next ?? position, "second-stream chunks arrive in order without gaps")
            next = position + chunk.count
            second.append(contentsOf: chunk)
        }, into: { _, chunk in main.append(contentsOf: chunk) })
        #expect(main == expected)
        let secondStart = decoder.secondaryPosition(of: start), secondEnd = decoder.secondaryPosition(of: start + count)
        #expect(secondStart == 4 * 16_000 && secondEnd == 7 * 16_000)
        // The second resampler may hold back a few samples when the main stream reaches the end.
        #expect(abs(second.count - 3 * 16_000) < 200, "\(second.count) samples at 16 kHz")
        let peak = second.map(abs).max() ?? 0
        #expect(abs(peak - 0.5) < 0.05, "peak \(peak)")
        // 1 kHz at 16 kHz: 16 samples a period, so a sample and the one 8 later are opposite.
        let middle = second.count / 2
        #expect(abs(second[middle] + second[middle + 8]) < 0.05)
    }
}
