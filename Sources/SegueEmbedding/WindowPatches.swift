/// Collects the log-mel patches of one analysis window while its 16 kHz samples stream past
/// in chunks of any size, keeping only the frames the patches need, never the audio.
///
/// The patches (187 frames, 3 s, as MusiCNN was trained) are spread evenly over the window's
/// planned length: patch `k` of `n` is centred on the middle of the window's `k`-th `n`-th. A
/// window shorter than one patch gives a single patch of its frames repeated, as the model's
/// training padded short clips. Frames past the audio's real end are computed on zeros.
/// Reused from track to track (`reset`): its storage is allocated once.
final class WindowPatches {
    let capacity: Int
    private(set) var patchCount = 0
    /// Start frame of each patch.
    private var starts: [Int]
    private var plannedFrames = 0
    /// Patches × 187 frames × 96 bands.
    let storage: UnsafeMutableBufferPointer<Float>
    /// Frame `t` covers padded positions `[256 t, 256 t + 512)`; the first 256 are the centring zeros.
    private let frame = UnsafeMutableBufferPointer<Float>.allocate(capacity: LogMelFrontEnd.fftSize)
    private let row = UnsafeMutableBufferPointer<Float>.allocate(capacity: LogMelFrontEnd.bands)
    private var filled = 0
    private var framesDone = 0
    /// One past the last frame any patch needs.
    private var lastFrame = 0

    init(capacity: Int) {
        self.capacity = capacity
        starts = []
        starts.reserveCapacity(capacity)
        storage = .allocate(capacity: capacity * MusiCNNModel.patchFrames * LogMelFrontEnd.bands)
        storage.initialize(repeating: 0)
        frame.initialize(repeating: 0)
        row.initialize(repeating: 0)
    }

    deinit {
        storage.deallocate()
        frame.deallocate()
        row.deallocate()
    }

    /// Starts a window planned to hold `samples` samples.
    func reset(plannedSamples samples: Int) {
        plannedFrames = LogMelFrontEnd.frameCount(samples: max(0, samples))
        let length = MusiCNNModel.patchFrames
        starts.removeAll(keepingCapacity: true)
        if plannedFrames < length {
            starts.append(0)
        } else {
            let count = capacity
            for k in 0..<count {
                let centred = ((2 * k + 1) * plannedFrames - count * length) / (2 * count)
                starts.append(min(plannedFrames - length, max(0, centred)))
            }
        }
        patchCount = starts.count
        lastFrame = min(plannedFrames, (starts.last ?? 0) + length)
        for i in 0..<LogMelFrontEnd.fftSize { frame[i] = 0 }
        filled = LogMelFrontEnd.fftSize / 2
        framesDone = 0
    }

    /// Non-finite samples count as silence, as in the DSP features.
    func consume(_ samples: UnsafeBufferPointer<Float>, frontEnd: LogMelFrontEnd) {
        var offset = 0
        let size = LogMelFrontEnd.fftSize
        while offset < samples.count, framesDone < lastFrame {
            let take = min(samples.count - offset, size - filled)
            for i in 0..<take {
                let sample = samples[offset + i]
                frame[filled + i] = sample.isFinite ? sample : 0
            }
            filled += take
            offset += take
            if filled == size { advance(frontEnd) }
        }
    }

    /// Computes the frames the stream did not reach, on zeros, and completes short patches.
    func finish(frontEnd: LogMelFrontEnd) {
        while framesDone < lastFrame {
            for i in filled..<LogMelFrontEnd.fftSize { frame[i] = 0 }
            filled = LogMelFrontEnd.fftSize
            advance(frontEnd)
        }
        let length = MusiCNNModel.patchFrames, bands = LogMelFrontEnd.bands
        if plannedFrames < length {
            let patch = storage.baseAddress!
            for t in plannedFrames..<length {
                (patch + t * bands).update(from: patch + (t % plannedFrames) * bands, count: bands)
            }
        }
    }

    /// The patch `index` (187 × 96), valid after `finish`.
    func patch(_ index: Int) -> UnsafePointer<Float> {
        UnsafePointer(storage.baseAddress! + index * MusiCNNModel.patchFrames * LogMelFrontEnd.bands)
    }

    /// Measures the full frame if a patch needs it, then slides by one hop.
    private func advance(_ frontEnd: LogMelFrontEnd) {
        let t = framesDone
        let length = MusiCNNModel.patchFrames, bands = LogMelFrontEnd.bands
        var measured = false
        for (index, start) in starts.enumerated() where t >= start && t < start + min(length, plannedFrames) {
            if !measured {
                frontEnd.frame(UnsafePointer(frame.baseAddress!), into: row.baseAddress!)
                measured = true
            }
            (storage.baseAddress! + (index * length + t - start) * bands).update(from: row.baseAddress!, count: bands)
        }
        framesDone += 1
        let hop = LogMelFrontEnd.hopLength
        for i in 0..<(LogMelFrontEnd.fftSize - hop) { frame[i] = frame[i + hop] }
        filled -= hop
    }
}
