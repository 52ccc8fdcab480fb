/// The framing every descriptor shares, matching librosa's defaults (`n_fft=2048`,
/// `hop_length=512`, `center=True`): frame `t` covers samples `[512 t - 1024, 512 t + 1024)`,
/// a segment of `n` samples has `1 + n / 512` frames, and samples outside the segment
/// count as zeros (librosa ≥ 0.10 pads with `pad_mode="constant"`, not `"reflect"`).
enum FrameGeometry {
    static let sampleRate = 22_050
    static let fftSize = 2_048
    static let hopLength = 512
    static let binCount = fftSize / 2 + 1
    static let centerPadding = fftSize / 2

    static func frameCount(samples: Int) -> Int {
        1 + samples / hopLength
    }

    /// Centre frequency of FFT bin `k` in Hz (`librosa.fft_frequencies`).
    static func binFrequency(_ k: Int) -> Double {
        Double(k) * Double(sampleRate) / Double(fftSize)
    }
}
