import CFFmpeg

/// Decodes audio files to mono Float32 at 22,050 Hz, one stretch at a time, handing the
/// samples on in chunks so that no stretch, however long, sits in memory. Optionally the same
/// frames also go through a second resampler to another rate (16 kHz for the learned
/// embedding), so a second stream costs no second decode.
///
/// A stretch far from where decoding stands is reached by seeking backward to the nearest
/// keyframe and discarding what decodes before the target, located by the frames' timestamps;
/// so the three windows of a four-minute track cost about 90 s of decoding, not four minutes.
///
/// One decoder per worker thread: the packet, the frame, the resampler and its buffer are
/// reused from file to file. Every file is decoded the same way whatever came before, so the
/// same file always yields the same samples.
public final class AudioDecoder {
    public static let outputSampleRate = 22_050

    /// What a `read` reached.
    public struct ReadResult: Sendable, Equatable {
        /// The output position after the last sample handed on.
        public var end: Int
        /// Whether the stream ended before the requested count.
        public var reachedEnd: Bool
    }

    /// Decoding starts this long before a seek target, so that decoders needing pre-roll
    /// (Opus; MP3's bit reservoir) have settled by the target; the extra samples are dropped.
    static let seekPrerollSeconds = 0.2
    /// Decoding on across a gap this short is cheaper than a seek.
    static let forwardGapSeconds = 2.0
    /// A file whose decoder fails this many packets in a row is given up.
    static let maxErrorsInARow = 64

    private var file: AudioFile?
    private let packet: UnsafeMutablePointer<AVPacket>
    private let frame: UnsafeMutablePointer<AVFrame>
    private let resampler = MonoResampler(outputRate: outputSampleRate)
    /// The second stream's resampler, when there is one.
    private let secondary: MonoResampler?
    /// Output index of the next sample the resampler yields; nil after opening or seeking,
    /// until a frame's timestamp fixes it.
    private var position: Int?
    /// The same for the second stream, in its own samples; fixed with `position`.
    private var secondaryPosition = 0
    /// Whether nothing has been read since the file was opened.
    private var atStart = true
    /// Where the next frame starts, for frames that carry no timestamp.
    private var nextFrameSeconds = 0.0
    private var draining = false
    private var finished = false
    private var errorsInARow = 0
    /// Packets the decoder rejected in the current file, and the last reason.
    public private(set) var decodeErrors = 0
    public private(set) var lastDecodeError: String?

    /// - Parameter secondaryRate: the rate of a second stream `read` can hand on as well.
    public init(secondaryRate: Int? = nil) {
        Self.quietLogging
        secondary = secondaryRate.map { MonoResampler(outputRate: $0) }
        guard let packet = av_packet_alloc(), let frame = av_frame_alloc() else {
            fatalError("FFmpeg cannot allocate a packet and a frame")
        }
        self.packet = packet
        self.frame = frame
    }

    deinit {
        var packet: UnsafeMutablePointer<AVPacket>? = packet
        var frame: UnsafeMutablePointer<AVFrame>? = frame
        av_packet_free(&packet)
        av_frame_free(&frame)
    }

    /// FFmpeg's own warnings about damaged files would flood the log; failures are reported
    /// per track instead.
    static let quietLogging: Void = av_log_set_level(AV_LOG_QUIET)

    /// Opens `path`, closing the previous file.
    public func open(_ path: String) throws(AudioError) -> AudioInfo {
        close()
        let opened = try AudioFile(path: path)
        file = opened
        return opened.info
    }

    public func close() {
        file = nil
        position = nil
        atStart = true
        nextFrameSeconds = 0
        draining = false
        finished = false
        errorsInARow = 0
        decodeErrors = 0
        lastDecodeError = nil
    }

    /// A position in the main stream's samples as a position in the second stream's.
    public func secondaryPosition(of position: Int) -> Int {
        guard let secondary else { preconditionFailure("no second stream") }
        return position * Int(secondary.outputRate) / Self.outputSampleRate
    }

    /// Decodes output samples `start ..< start + count` (to the end of the stream when `count`
    /// is nil) and hands them to `consume` in order, each chunk with its output position.
    /// With a second stream, `alongside` receives the same stretch at the second rate
    /// (`secondaryPosition(of:)` of both ends), as far as its resampler has got when the main
    /// stream reaches the end of the stretch.
    public func read(from start: Int, count: Int?,
                     alongside: ((_ position: Int, _ samples: UnsafeBufferPointer<Float>) -> Void)? = nil,
                     into consume: (_ position: Int, _ samples: UnsafeBufferPointer<Float>) -> Void) throws(AudioError) -> ReadResult {
        guard let file else { preconditionFailure("read before open") }
        let stop = count.map { start + $0 } ?? Int.max
        let secondaryStart = secondary == nil ? 0 : secondaryPosition(of: start)
        let secondaryStop = secondary == nil || stop == Int.max ? Int.max : secondaryPosition(of: stop)
        let rate = Double(Self.outputSampleRate)
        let gap = Self.forwardGapSeconds * rate
        let canDecodeOn: Bool
        if let position {
            canDecodeOn = start >= position && Double(start - position) <= gap
        } else {
            canDecodeOn = atStart && Double(start) <= gap
        }
        if !canDecodeOn {
            try seek(to: max(0, Double(start) / rate - Self.seekPrerollSeconds))
        }
        atStart = false

        func deliver(_ samples: UnsafeBufferPointer<Float>, at origin: Int) {
            let lower = max(origin, start), upper = min(origin + samples.count, stop)
            if upper > lower {
                consume(lower, UnsafeBufferPointer(rebasing: samples[(lower - origin)..<(upper - origin)]))
            }
        }
        func deliverSecondary(_ samples: UnsafeBufferPointer<Float>) {
            let origin = secondaryPosition
            secondaryPosition += samples.count
            guard let alongside else { return }
            let lower = max(origin, secondaryStart), upper = min(origin + samples.count, secondaryStop)
            if upper > lower {
                alongside(lower, UnsafeBufferPointer(rebasing: samples[(lower - origin)..<(upper - origin)]))
            }
        }

        while true {
            if let position, position >= stop {
                return ReadResult(end: stop, reachedEnd: false)
            }
            guard !finished, try nextFrame(file) else {
                if !finished, let position {
                    let tail = try convert(nil, file)
                    deliver(tail, at: position)
                    self.position = position + tail.count
                    if let secondary { deliverSecondary(try convert(nil, with: secondary, file)) }
                }
                finished = true
                return ReadResult(end: min(stop, max(start, position ?? start)), reachedEnd: true)
            }
            let frameSeconds = timestampSeconds(file)
            let inputRate = Double(frame.pointee.sample_rate)
            let frameEnd = frameSeconds + (inputRate > 0 ? Double(frame.pointee.nb_samples) / inputRate : 0)
            nextFrameSeconds = frameEnd
            let rebuilt: Bool, secondaryRebuilt: Bool
            do {
                rebuilt = try resampler.prepare(for: frame)
                secondaryRebuilt = try secondary?.prepare(for: frame) ?? false
            } catch {
                throw .resamplerFailed(path: file.path, reason: error.reason)
            }
            if position == nil {
                // Frames wholly before the target are dropped undecoded by the resampler.
                if frameEnd * rate <= Double(start) { continue }
                do {
                    if !rebuilt { try resampler.reset() }
                    if !secondaryRebuilt { try secondary?.reset() }
                } catch {
                    throw .resamplerFailed(path: file.path, reason: error.reason)
                }
                position = Int((frameSeconds * rate).rounded())
                if let secondary { secondaryPosition = Int((frameSeconds * Double(secondary.outputRate)).rounded()) }
            }
            let samples = try convert(frame, file)
            let origin = position ?? start
            deliver(samples, at: origin)
            position = origin + samples.count
            if let secondary { deliverSecondary(try convert(frame, with: secondary, file)) }
        }
    }

    private func convert(_ frame: UnsafePointer<AVFrame>?, _ file: AudioFile) throws(AudioError) -> UnsafeBufferPointer<Float> {
        try convert(frame, with: resampler, file)
    }

    private func convert(_ frame: UnsafePointer<AVFrame>?, with resampler: MonoResampler,
                         _ file: AudioFile) throws(AudioError) -> UnsafeBufferPointer<Float> {
        do {
            return try resampler.convert(frame)
        } catch {
            throw .resamplerFailed(path: file.path, reason: error.reason)
        }
    }

    /// The current frame's start in seconds from the stream's start.
    private func timestampSeconds(_ file: AudioFile) -> Double {
        let none = segue_av_nopts_value()
        let timestamp = frame.pointee.best_effort_timestamp != none ? frame.pointee.best_effort_timestamp : frame.pointee.pts
        return timestamp == none ? nextFrameSeconds : file.seconds(at: timestamp)
    }

    /// Decodes the next frame into `frame`; false at the end of the stream.
    private func nextFrame(_ file: AudioFile) throws(AudioError) -> Bool {
        guard let format = file.format, let codec = file.codec else { return false }
        while true {
            let received = avcodec_receive_frame(codec, frame)
            if received >= 0 {
                errorsInARow = 0
                return true
            }
            if received == segue_averror_eof() || (draining && received == segue_averror_eagain()) {
                return false
            }
            if received != segue_averror_eagain() {
                try noteError(received, file)
                continue
            }
            let read = av_read_frame(format, packet)
            if read < 0 {
                // End of file, or a read error that ends the stream all the same: drain the decoder.
                if read != segue_averror_eof() { try noteError(read, file) }
                draining = true
                avcodec_send_packet(codec, nil)
                continue
            }
            if packet.pointee.stream_index == file.streamIndex {
                let sent = avcodec_send_packet(codec, packet)
                if sent < 0, sent != segue_averror_eagain() {
                    try noteError(sent, file)
                }
            }
            av_packet_unref(packet)
        }
    }

    private func noteError(_ code: Int32, _ file: AudioFile) throws(AudioError) {
        decodeErrors += 1
        errorsInARow += 1
        lastDecodeError = AudioError.describe(code)
        if errorsInARow >= Self.maxErrorsInARow {
            throw .decodeFailed(path: file.path, reason: AudioError.describe(code))
        }
    }

    /// Moves to the keyframe at or before `seconds`. A stream that cannot seek is reopened
    /// and decoded from its start, the samples before the target being dropped.
    private func seek(to seconds: Double) throws(AudioError) {
        guard let current = file, let format = current.format else { return }
        let target = current.timestamp(at: seconds)
        var status = avformat_seek_file(format, current.streamIndex, Int64.min, target, target, 0)
        if status < 0 {
            status = av_seek_frame(format, current.streamIndex, target, AVSEEK_FLAG_BACKWARD)
        }
        if status < 0 {
            let errors = (decodeErrors, lastDecodeError)
            _ = try open(current.path)
            (decodeErrors, lastDecodeError) = errors
            nextFrameSeconds = 0
        } else {
            if let codec = current.codec { avcodec_flush_buffers(codec) }
            nextFrameSeconds = seconds
        }
        position = nil
        draining = false
        finished = false
        errorsInARow = 0
    }
}
