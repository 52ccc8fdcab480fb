import Foundation
import SegueAudio
import SegueCore
import SegueDSP
import SegueEmbedding

/// Measures one track in a worker process: plans its windows, decodes them straight into the
/// DSP's accumulators chunk by chunk (and, with the embedding, the same windows at 16 kHz into
/// the embedder), and judges what came out (truncated, too short, silent); the embedding's
/// model runs only on a track that passed. Pure apart from reading the file, so the same file
/// always gives the same outcome.
struct TrackAnalysis: Sendable {
    var windowSeconds: Double
    var wholeTrack: Bool
    var minSeconds: Double
    /// Linear peak below which a track counts as silent.
    var silencePeak: Float
    /// Nil with `analysis.embedding: none`.
    var embedding: EmbeddingSettings?

    init(config: AnalysisConfig) {
        windowSeconds = config.segmentSeconds
        wholeTrack = config.mode == .full
        minSeconds = config.minSeconds
        silencePeak = Float(pow(10, config.silenceDBFS / 20))
        embedding = config.embedding == .musicnn
            ? EmbeddingSettings(modelDirectory: config.embeddingModelDir, patchesPerWindow: config.embeddingPatchesPerWindow) : nil
    }

    static let rate = Double(AudioDecoder.outputSampleRate)

    /// - Parameter embedder: computes the embedding; `decoder` must then have the embedder's
    ///   rate as its second stream.
    func analyze(_ track: PendingTrack, decoder: AudioDecoder, analyzer: TrackAnalyzer,
                 embedder: TrackEmbedder? = nil) -> TrackOutcome {
        let started = Date()
        let result: TrackOutcome.Result
        do {
            result = try measure(track, decoder: decoder, analyzer: analyzer, embedder: embedder)
        } catch {
            result = .failed(AnalysisFailure(.undecodable, error.reason))
        }
        decoder.close()
        return TrackOutcome(track: track, startedAt: started, result: result)
    }

    private func measure(_ track: PendingTrack, decoder: AudioDecoder, analyzer: TrackAnalyzer,
                         embedder: TrackEmbedder?) throws(AudioError) -> TrackOutcome.Result {
        let info = try decoder.open(track.path)
        let declared = info.declaredSeconds ?? track.durationMilliseconds.flatMap { $0 > 0 ? Double($0) / 1000 : nil }
        let total: Int
        if let declared {
            total = Int((declared * Self.rate).rounded())
        } else {
            // Nothing says how long it is: count the samples first, then plan.
            total = try decoder.read(from: 0, count: nil) { _, _ in }.end
        }
        let plan = AnalysisPlan(totalSamples: total, windowSamples: Int((windowSeconds * Self.rate).rounded()),
                                wholeTrack: wholeTrack)
        let accumulators = plan.windows.map { _ in analyzer.beginSegment() }
        let whole = plan.wholeTrack ? analyzer.beginSegment() : nil
        var received = [Int](repeating: 0, count: plan.windows.count)
        var decoded = 0
        var peak: Float = 0
        // The windows at the embedder's rate; one that runs to the end is planned to the total
        // (the patches need a length to be spread over).
        let embeddingWindows: [Range<Int>] = embedder == nil ? [] : plan.windows.map { window in
            let start = decoder.secondaryPosition(of: window.start)
            return start..<max(start, decoder.secondaryPosition(of: window.end ?? plan.totalSamples))
        }
        embedder?.begin(windowSamples: embeddingWindows.map(\.count))
        let alongside: ((Int, UnsafeBufferPointer<Float>) -> Void)? = embedder.map { embedder in
            { position, chunk in
                for (index, window) in embeddingWindows.enumerated() {
                    let lower = max(position, window.lowerBound), upper = min(position + chunk.count, window.upperBound)
                    guard upper > lower else { continue }
                    embedder.consume(window: index, UnsafeBufferPointer(rebasing: chunk[(lower - position)..<(upper - position)]))
                }
            }
        }
        for stretch in plan.reads {
            _ = try decoder.read(from: stretch.start, count: stretch.length, alongside: alongside) { position, chunk in
                whole?.consume(chunk)
                decoded += chunk.count
                peak = max(peak, Self.peak(of: chunk))
                for (index, window) in plan.windows.enumerated() {
                    let lower = max(position, window.start)
                    let upper = min(position + chunk.count, window.end ?? Int.max)
                    guard upper > lower else { continue }
                    accumulators[index].consume(UnsafeBufferPointer(rebasing: chunk[(lower - position)..<(upper - position)]))
                    received[index] += upper - lower
                }
            }
        }
        if let failure = judge(plan: plan, received: received, decoded: decoded, peak: peak, declared: declared, decoder: decoder) {
            return .failed(failure)
        }
        let features = analyzer.finishTrack(segments: accumulators.map { $0.finish() }, whole: whole?.finish())
        return .analysed(features, embedding: embedder?.finish(), seconds: Double(decoded) / Self.rate)
    }

    private func judge(plan: AnalysisPlan, received: [Int], decoded: Int, peak: Float, declared: Double?,
                       decoder: AudioDecoder) -> AnalysisFailure? {
        if decoded == 0 {
            if let error = decoder.lastDecodeError {
                return AnalysisFailure(.undecodable, "\(error) (\(decoder.decodeErrors) packets rejected)")
            }
            return AnalysisFailure(.zeroDuration, declared.map { "no audio decoded; declared \(Self.clock($0))" } ?? "no audio decoded")
        }
        let seconds = Double(decoded) / Self.rate
        if plan.coversWholeTrack, seconds < minSeconds {
            return AnalysisFailure(.tooShort, String(format: "%.2f s of audio, %.0f s needed", seconds, minSeconds))
        }
        if let declared {
            // Half a window missing means the audio stops well before the declared end.
            for (window, count) in zip(plan.windows, received) {
                if let length = window.length, length > 0, count * 2 < length {
                    let reached = Double(window.start + count) / Self.rate
                    return AnalysisFailure(.truncated, "audio ends near \(Self.clock(reached)) of a declared \(Self.clock(declared))")
                }
            }
            if plan.coversWholeTrack, decoded * 2 < plan.totalSamples {
                return AnalysisFailure(.truncated, "audio ends at \(Self.clock(seconds)) of a declared \(Self.clock(declared))")
            }
        }
        if peak < silencePeak {
            let level = peak > 0 ? String(format: "%.0f dBFS", 20 * log10(Double(peak))) : "digital silence"
            return AnalysisFailure(.silent, "peak \(level) over \(String(format: "%.0f", seconds)) s")
        }
        return nil
    }

    /// The largest magnitude in `samples`, eight lanes at a time: a per-sample `max` into the
    /// captured `peak` cost 4 % of a worker's time. The sign bit is masked off rather than
    /// `pointwiseMax(v, -v)` taken, which Swift does not inline. NaN is passed over, as `max`
    /// passes it over.
    static func peak(of samples: UnsafeBufferPointer<Float>) -> Float {
        guard let base = samples.baseAddress else { return 0 }
        let magnitude = SIMD8<UInt32>(repeating: 0x7FFF_FFFF)
        var lanes = SIMD8<Float>(repeating: 0)
        var index = 0
        while index + 8 <= samples.count {
            let bits = UnsafeRawPointer(base + index).loadUnaligned(as: SIMD8<UInt32>.self) & magnitude
            let values = unsafeBitCast(bits, to: SIMD8<Float>.self)
            lanes = lanes.replacing(with: values, where: values .> lanes)
            index += 8
        }
        var peak = lanes.max()
        while index < samples.count {
            peak = max(peak, abs(samples[index]))
            index += 1
        }
        return peak
    }

    /// `3:07`.
    static func clock(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        return String(format: "%d:%02d", whole / 60, whole % 60)
    }
}
