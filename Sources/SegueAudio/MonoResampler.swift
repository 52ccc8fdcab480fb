import CFFmpeg

/// Converts decoded frames of any layout, sample format and rate to mono Float32 at the
/// output rate. Mono is the mean of the channels, as librosa's `to_mono` computes it, not
/// swresample's default −3 dB downmix, so features match librosa's on the same audio.
///
/// One per worker: the context is rebuilt only when the input format changes, and the
/// output buffer grows to the largest frame seen and is kept.
final class MonoResampler {
    /// Why swresample refused; the decoder adds the file's path.
    struct Failure: Error {
        var reason: String
    }

    let outputRate: Int32
    private var context: OpaquePointer?
    private var inputLayout = AVChannelLayout()
    private var inputFormat: Int32 = -1
    private var inputRate: Int32 = 0
    private var buffer: UnsafeMutablePointer<Float>
    private var capacity: Int

    init(outputRate: Int) {
        self.outputRate = Int32(outputRate)
        capacity = 16_384
        buffer = .allocate(capacity: capacity)
    }

    deinit {
        swr_free(&context)
        av_channel_layout_uninit(&inputLayout)
        buffer.deallocate()
    }

    /// Makes the context fit `frame`; true when it had to be rebuilt (its state is then fresh).
    func prepare(for frame: UnsafePointer<AVFrame>) throws(Failure) -> Bool {
        var layout = frame.pointee.ch_layout
        if context != nil, frame.pointee.format == inputFormat, frame.pointee.sample_rate == inputRate,
           av_channel_layout_compare(&layout, &inputLayout) == 0 {
            return false
        }
        swr_free(&context)
        av_channel_layout_uninit(&inputLayout)
        guard av_channel_layout_copy(&inputLayout, &layout) >= 0 else {
            throw Failure(reason: "cannot copy the channel layout")
        }
        inputFormat = frame.pointee.format
        inputRate = frame.pointee.sample_rate
        let channels = Int(layout.nb_channels)
        guard channels > 0, inputRate > 0 else {
            throw Failure(reason: "frame with \(channels) channels at \(inputRate) Hz")
        }
        // swresample wants a layout it can map; an unspecified order is taken as the default one.
        var sourceLayout = AVChannelLayout()
        defer { av_channel_layout_uninit(&sourceLayout) }
        if layout.order == AV_CHANNEL_ORDER_UNSPEC {
            av_channel_layout_default(&sourceLayout, Int32(channels))
        } else {
            _ = av_channel_layout_copy(&sourceLayout, &layout)
        }
        var mono = AVChannelLayout()
        av_channel_layout_default(&mono, 1)
        var status = swr_alloc_set_opts2(&context, &mono, AV_SAMPLE_FMT_FLT, outputRate,
                                         &sourceLayout, AVSampleFormat(rawValue: inputFormat), inputRate, 0, nil)
        if status >= 0 {
            let weights = [Double](repeating: 1 / Double(channels), count: channels)
            status = swr_set_matrix(context, weights, Int32(channels))
        }
        if status >= 0 {
            status = swr_init(context)
        }
        guard status >= 0 else {
            swr_free(&context)
            throw Failure(reason: AudioError.describe(status))
        }
        return true
    }

    /// Drops buffered samples, as after a seek: the next frame starts a fresh stretch.
    func reset() throws(Failure) {
        guard let context else { return }
        let status = swr_init(context)
        guard status >= 0 else { throw Failure(reason: AudioError.describe(status)) }
    }

    /// Converts one frame, or flushes the buffered tail when `frame` is nil. The result is
    /// valid until the next call.
    func convert(_ frame: UnsafePointer<AVFrame>?) throws(Failure) -> UnsafeBufferPointer<Float> {
        guard let context else { return UnsafeBufferPointer(start: buffer, count: 0) }
        let needed = Int(swr_get_out_samples(context, frame.map { $0.pointee.nb_samples } ?? 0))
        if needed > capacity {
            buffer.deallocate()
            capacity = needed
            buffer = .allocate(capacity: capacity)
        }
        let count = segue_swr_convert_to_float(context, buffer, Int32(capacity), frame)
        guard count >= 0 else { throw Failure(reason: AudioError.describe(count)) }
        return UnsafeBufferPointer(start: buffer, count: Int(count))
    }
}
