import CFFmpeg

/// One opened file: its demuxer, its best audio stream and that stream's decoder.
/// Demuxing and decoding state is per file; `AudioDecoder` keeps what can be reused.
final class AudioFile {
    let path: String
    let info: AudioInfo
    let streamIndex: Int32
    let timeBase: AVRational
    /// The stream's first timestamp; positions are measured from it.
    let startTimestamp: Int64
    private(set) var format: UnsafeMutablePointer<AVFormatContext>?
    private(set) var codec: UnsafeMutablePointer<AVCodecContext>?

    init(path: String) throws(AudioError) {
        self.path = path
        var format: UnsafeMutablePointer<AVFormatContext>?
        var status = avformat_open_input(&format, path, nil, nil)
        guard status >= 0, let opened = format else {
            throw .cannotOpen(path: path, reason: AudioError.describe(status))
        }
        self.format = opened
        status = avformat_find_stream_info(opened, nil)
        guard status >= 0 else {
            avformat_close_input(&self.format)
            throw .cannotOpen(path: path, reason: AudioError.describe(status))
        }
        var decoder: UnsafePointer<AVCodec>?
        let index = av_find_best_stream(opened, AVMEDIA_TYPE_AUDIO, -1, -1, &decoder, 0)
        guard index >= 0, let stream = opened.pointee.streams[Int(index)] else {
            avformat_close_input(&self.format)
            throw index == segue_averror_decoder_not_found()
                ? .unsupportedCodec(path: path, codec: Self.audioCodecName(of: opened))
                : .noAudioStream(path: path)
        }
        guard let decoder else {
            avformat_close_input(&self.format)
            throw .unsupportedCodec(path: path, codec: String(cString: avcodec_get_name(stream.pointee.codecpar.pointee.codec_id)))
        }
        // Cover art and other streams are never read, so the demuxer need not hand them out.
        for other in 0..<Int(opened.pointee.nb_streams) where other != Int(index) {
            opened.pointee.streams[other]?.pointee.discard = AVDISCARD_ALL
        }
        streamIndex = index
        timeBase = stream.pointee.time_base
        let start = stream.pointee.start_time
        startTimestamp = start == segue_av_nopts_value() ? 0 : start

        guard let context = avcodec_alloc_context3(decoder) else {
            avformat_close_input(&self.format)
            throw .decodeFailed(path: path, reason: "out of memory")
        }
        codec = context
        status = avcodec_parameters_to_context(context, stream.pointee.codecpar)
        if status >= 0 {
            context.pointee.pkt_timebase = stream.pointee.time_base
            // One thread per file: workers already run files side by side, and the output stays
            // independent of thread scheduling.
            context.pointee.thread_count = 1
            status = avcodec_open2(context, decoder, nil)
        }
        guard status >= 0 else {
            avcodec_free_context(&codec)
            avformat_close_input(&self.format)
            throw .decodeFailed(path: path, reason: AudioError.describe(status))
        }
        info = AudioInfo(declaredSeconds: Self.declaredSeconds(format: opened, stream: stream),
                         sampleRate: Int(context.pointee.sample_rate),
                         channels: Int(context.pointee.ch_layout.nb_channels),
                         codec: String(cString: decoder.pointee.name))
    }

    deinit {
        avcodec_free_context(&codec)
        avformat_close_input(&format)
    }

    /// Seconds from the stream's start for a timestamp in the stream's time base.
    func seconds(at timestamp: Int64) -> Double {
        Double(timestamp - startTimestamp) * av_q2d(timeBase)
    }

    /// The timestamp, in the stream's time base, `seconds` after the stream's start.
    func timestamp(at seconds: Double) -> Int64 {
        startTimestamp + Int64((seconds / av_q2d(timeBase)).rounded(.down))
    }

    private static func declaredSeconds(format: UnsafeMutablePointer<AVFormatContext>,
                                        stream: UnsafeMutablePointer<AVStream>) -> Double? {
        let none = segue_av_nopts_value()
        if stream.pointee.duration != none, stream.pointee.duration > 0 {
            return Double(stream.pointee.duration) * av_q2d(stream.pointee.time_base)
        }
        if format.pointee.duration != none, format.pointee.duration > 0 {
            return Double(format.pointee.duration) / Double(segue_av_time_base())
        }
        return nil
    }

    private static func audioCodecName(of format: UnsafeMutablePointer<AVFormatContext>) -> String {
        for index in 0..<Int(format.pointee.nb_streams) {
            guard let parameters = format.pointee.streams[index]?.pointee.codecpar,
                  parameters.pointee.codec_type == AVMEDIA_TYPE_AUDIO else { continue }
            return String(cString: avcodec_get_name(parameters.pointee.codec_id))
        }
        return "unknown"
    }
}
