import Foundation
import SegueDSP

/// MusiCNN's input frames as the wheel computes them (`batch_data` in its `extractor.py`):
/// audio at 16 kHz, `librosa.feature.melspectrogram(n_fft=512, hop_length=256, n_mels=96)`
/// (periodic Hann window, centred with zero padding, power 2, Slaney mel), then
/// `log10(10000 · mel + 1)`, here in float32 throughout (the wheel casts the mel energies to
/// float16 first, which overflows to infinity on loud audio). Owns the FFT and its buffers;
/// one per worker.
final class LogMelFrontEnd {
    static let sampleRate = 16_000
    static let fftSize = 512
    static let hopLength = 256
    static let bands = MusiCNNModel.melBands

    private let fft = RealFFT(size: fftSize)
    private let window = RealFFT.hannWindow(size: fftSize)
    private let mel = MelFilterbank(sampleRate: sampleRate, fftSize: fftSize, bands: bands)
    private let power = UnsafeMutableBufferPointer<Float>.allocate(capacity: fftSize / 2 + 1)

    init() {
        power.initialize(repeating: 0)
    }

    deinit {
        power.deallocate()
    }

    /// Frames in a stretch of `samples` samples (librosa's centred framing).
    static func frameCount(samples: Int) -> Int {
        1 + samples / hopLength
    }

    /// One frame's 96 log-mel values from its 512 samples (zeros where the stretch ends).
    func frame(_ samples: UnsafePointer<Float>, into row: UnsafeMutablePointer<Float>) {
        let input = fft.real
        for i in 0..<Self.fftSize { input[i] = samples[i] * window[i] }
        fft.forward()
        let bins = fft.spectrum
        for k in 0...(Self.fftSize / 2) {
            let re = bins[2 * k], im = bins[2 * k + 1]
            power[k] = re * re + im * im
        }
        mel.apply(power: power.baseAddress!, into: row)
        for band in 0..<Self.bands {
            row[band] = log10(10_000 * row[band] + 1)
        }
    }
}
