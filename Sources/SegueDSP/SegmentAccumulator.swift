/// Consumes one segment's samples (mono Float32, 22,050 Hz) in chunks of any size and
/// measures it frame by frame as soon as each frame is complete. It keeps per-frame
/// statistics, the dB rows waiting for librosa's `top_db` clipping, and the onset
/// envelope — never the audio. Results do not depend on how the audio was chunked.
/// Belongs to the thread of the `TrackAnalyzer` that began it.
public final class SegmentAccumulator {
    public private(set) var sampleCount = 0

    private let frameAnalyzer: FrameAnalyzer
    private let tempoEstimator: TempoEstimator
    private let rowPool: DecibelRowPool?
    private let meter = LoudnessMeter()
    /// The next frame: padded-signal positions `[512 t, 512 t + 2048)`.
    private let frame = UnsafeMutableBufferPointer<Float>.allocate(capacity: FrameGeometry.fftSize)
    private var filled = FrameGeometry.centerPadding
    private var framesDone = 0
    private var summary = FrameSummary()
    private var decibels: DecibelFrames

    init(frameAnalyzer: FrameAnalyzer, tempoEstimator: TempoEstimator,
         decibelCapacity: Int = DecibelFrames.defaultCapacity, rowPool: DecibelRowPool? = nil) {
        self.frameAnalyzer = frameAnalyzer
        self.tempoEstimator = tempoEstimator
        self.rowPool = rowPool
        decibels = DecibelFrames(capacity: decibelCapacity, storage: rowPool?.take() ?? [])
        frame.initialize(repeating: 0)
    }

    deinit {
        frame.deallocate()
    }

    /// Non-finite samples (a damaged stream) count as silence, so one bad packet cannot
    /// turn every feature of the track into NaN.
    public func consume(_ samples: UnsafeBufferPointer<Float>) {
        var offset = 0
        while offset < samples.count {
            let take = min(samples.count - offset, FrameGeometry.fftSize - filled)
            for i in 0..<take {
                let sample = samples[offset + i]
                frame[filled + i] = sample.isFinite ? sample : 0
            }
            meter.add(UnsafeBufferPointer(rebasing: frame[filled..<(filled + take)]))
            filled += take
            offset += take
            sampleCount += take
            if filled == FrameGeometry.fftSize { measureFrame(realEnd: FrameGeometry.fftSize) }
        }
    }

    /// Measures the remaining frames (zero-padded past the end) and summarizes the
    /// segment. Call once, after the last `consume`.
    public func finish() -> SegmentFeatures {
        let frameCount = FrameGeometry.frameCount(samples: sampleCount)
        while framesDone < frameCount {
            for i in filled..<FrameGeometry.fftSize { frame[i] = 0 }
            let frameStart = framesDone * FrameGeometry.hopLength - FrameGeometry.centerPadding
            measureFrame(realEnd: min(FrameGeometry.fftSize, sampleCount - frameStart))
        }
        decibels.finish(frameCount: frameCount)
        rowPool?.give(decibels.releaseStorage())
        let envelope = decibels.onsetEnvelope
        let tempogram = tempoEstimator.tempogram(of: envelope)
        var onset = RunningMoments()
        for value in envelope { onset.add(Double(value)) }
        let onsetCount = OnsetPeaks.count(envelope)
        let seconds = Double(sampleCount) / Double(FrameGeometry.sampleRate)

        var vector = FeatureVector(dimension: FeatureLayout.segmentDimension)
        for k in 0..<SpectralTables.mfccCount {
            vector.set(mean: FeatureLayout.mfccMean.lowerBound + k, std: FeatureLayout.mfccStd.lowerBound + k,
                       decibels.mfcc[k])
        }
        for k in 0..<SpectralTables.contrastBandCount {
            vector.set(mean: FeatureLayout.contrastMean.lowerBound + k, std: FeatureLayout.contrastStd.lowerBound + k,
                       decibels.contrast[k])
        }
        vector.set(mean: FeatureLayout.centroid, std: FeatureLayout.centroid + 1, summary.centroid)
        vector.set(mean: FeatureLayout.bandwidth, std: FeatureLayout.bandwidth + 1, summary.bandwidth)
        vector.set(mean: FeatureLayout.rolloff, std: FeatureLayout.rolloff + 1, summary.rolloff)
        vector.set(mean: FeatureLayout.flatness, std: FeatureLayout.flatness + 1, summary.flatness)
        vector.set(mean: FeatureLayout.zeroCrossingRate, std: FeatureLayout.zeroCrossingRate + 1, summary.zeroCrossingRate)
        vector.set(mean: FeatureLayout.rms, std: FeatureLayout.rms + 1, summary.rms)
        vector.set(mean: FeatureLayout.onsetMean, std: FeatureLayout.onsetStd, onset)
        vector[FeatureLayout.onsetMax] = Double(envelope.max() ?? 0)
        vector.setChroma(summary.chromaMean)
        let measured = vector.complete(tempo: TempoEstimator.estimate(tempogram),
                                       onsetRate: seconds > 0 ? Double(onsetCount) / seconds : 0,
                                       loudness: LoudnessMeter.measure([meter]))
        return SegmentFeatures(measured: measured, sampleCount: sampleCount, frameCount: frameCount,
                               tempogram: tempogram, onsetCount: onsetCount, meter: meter)
    }

    private func measureFrame(realEnd: Int) {
        let realStart = max(0, FrameGeometry.centerPadding - framesDone * FrameGeometry.hopLength)
        let real = realStart..<max(realStart, realEnd)
        decibels.appendRow { row in
            frameAnalyzer.analyze(frame: UnsafePointer(frame.baseAddress!), realSamples: real, row: row, into: &summary)
        }
        framesDone += 1
        let keep = FrameGeometry.fftSize - FrameGeometry.hopLength
        for i in 0..<keep { frame[i] = frame[i + FrameGeometry.hopLength] }
        filled -= FrameGeometry.hopLength
    }
}
