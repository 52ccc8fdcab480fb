import CFFmpeg
import SegueCore

/// A track's identity from its audio alone, so that a retag, new cover art or a move keeps it
/// and a re-encode does not: SHA-256 over the payload of the audio stream's demuxed packets
/// (FFmpeg's `av_read_frame`; nothing is decoded), its first and last 64 KiB, with the codec
/// and, where the stream itself declares it, its length.
///
/// Tags, cover art and an MP3's ID3, APE and Xing/LAME frames are never packets of the audio
/// stream, so they never enter it. It is bounded, so that a first scan does not read a whole
/// library: the tail is reached by seeking, and it is defined on the payload's bytes rather
/// than on packets, so where a seek lands (and how a PCM demuxer cuts its packets after
/// it) cannot change it.
public enum AudioIdentity {
    /// Stored with each identity (`tracks.fingerprint_version`): changing the recipe bumps it,
    /// and the next scan identifies every file once more.
    public static let version = 1
    static let headBytes = 64 * 1024
    static let tailBytes = 64 * 1024
    /// Packets read after a seek before the tail may start: a demuxer resynchronizing in the
    /// middle of a stream may hand out a partial frame first.
    static let packetsBeforeTail = 2

    /// `kind` (from the file's extension) names the demuxer, which saves FFmpeg probing the
    /// file; one that does not fit falls back to probing.
    public static func of(path: String, kind: AudioFileKind? = nil) throws(AudioError) -> String {
        try identify(path: path, kind: kind, seeking: true).identity
    }

    /// `seeking: false` reads every packet: the reference the seeking path must agree with.
    /// `sought` tells whether the tail was read after a seek.
    static func identify(path: String, kind: AudioFileKind? = nil, seeking: Bool) throws(AudioError) -> (identity: String, sought: Bool) {
        let demuxer = kind.flatMap { Self.demuxers[$0] }
        var reader = try PacketReader(path: path, demuxer: demuxer)
        var digest = SHA256Digest()
        digest.update("segue-audio-\(version)\u{0}\(reader.codecName)\u{0}")
        let declaredLength = reader.declaredLength

        var window = TailWindow(capacity: tailBytes)
        var sought = false
        var head = 0
        var total = 0
        while head < headBytes, let bytes = reader.next() {
            let take = min(bytes.count, headBytes - head)
            digest.update(UnsafeRawBufferPointer(rebasing: bytes[0..<take]))
            window.append(bytes)
            head += take
            total += bytes.count
        }
        guard total > 0 else { throw .decodeFailed(path: path, reason: "no audio packets") }

        if head == headBytes {
            if seeking, let tail = reader.seekTail() {
                window = tail
                sought = true
            } else {
                if reader.hasSought {
                    // The seeks fell short: read on from the start instead, past the head.
                    reader = try PacketReader(path: path, demuxer: demuxer)
                    window = TailWindow(capacity: tailBytes)
                }
                while let bytes = reader.next() { window.append(bytes) }
            }
            window.last.withUnsafeBytes { digest.update($0) }
        }
        digest.update(UInt64(head))
        digest.update(UInt64(head == headBytes ? window.last.count : 0))
        if let declaredLength {
            digest.update(UInt64(bitPattern: declaredLength.duration))
            digest.update(UInt64(declaredLength.timeBase.num))
            digest.update(UInt64(declaredLength.timeBase.den))
        }
        return (digest.finalizeHex(), sought)
    }

    /// The demuxer of each kind that names one, looked up once: `av_find_input_format`
    /// compares the name with every demuxer FFmpeg has, which costs more than some files' packets.
    private static let demuxers: [AudioFileKind: Demuxer] = Dictionary(uniqueKeysWithValues: AudioFileKind.allCases.compactMap { kind in
        demuxerName(for: kind).flatMap { av_find_input_format($0) }.map { (kind, Demuxer(format: $0)) }
    })

    /// FFmpeg's demuxer for a kind of file; Musepack has two (SV7 and SV8), so it is probed.
    private static func demuxerName(for kind: AudioFileKind) -> String? {
        switch kind {
        case .mp3: "mp3"
        case .flac: "flac"
        case .ogg, .opus: "ogg"
        case .mp4: "mov"
        case .wav: "wav"
        case .aiff: "aiff"
        case .wma: "asf"
        case .ape: "ape"
        case .wavPack: "wv"
        case .musepack: nil
        }
    }
}

/// One of FFmpeg's demuxers: a constant it never frees or changes, so any thread may use it.
private struct Demuxer: @unchecked Sendable {
    let format: UnsafePointer<AVInputFormat>
}

/// The last `capacity` bytes of everything appended.
struct TailWindow {
    let capacity: Int
    private var buffer: [UInt8] = []
    private(set) var appended = 0

    init(capacity: Int) {
        self.capacity = capacity
        buffer.reserveCapacity(2 * capacity)
    }

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        appended += bytes.count
        if bytes.count >= capacity {
            buffer = Array(bytes.suffix(capacity))
            return
        }
        if buffer.count + bytes.count > 2 * capacity {
            buffer.removeFirst(buffer.count - capacity)
        }
        buffer.append(contentsOf: bytes)
    }

    var last: ArraySlice<UInt8> {
        buffer.suffix(capacity)
    }
}

/// The audio stream's packets of one file, demuxed only, and seeks near its end.
private struct PacketReader: ~Copyable {
    private var format: UnsafeMutablePointer<AVFormatContext>?
    private let packet: UnsafeMutablePointer<AVPacket>
    private let stream: UnsafeMutablePointer<AVStream>
    private let index: Int32
    private var holdsPacket = false
    private(set) var hasSought = false

    /// Opens `path` with `demuxer`, else (or when that fails) by probing.
    init(path: String, demuxer: Demuxer?) throws(AudioError) {
        AudioDecoder.quietLogging
        var opened: UnsafeMutablePointer<AVFormatContext>?
        var status: Int32 = -1
        if let format = demuxer?.format {
            // The tiniest probe size also ends the probing of a WAV's PCM for a compressed codec
            // inside, which costs milliseconds per file; the packets are hashed as they come.
            var options: OpaquePointer?
            av_dict_set(&options, "probesize", "32", 0)
            status = avformat_open_input(&opened, path, format, &options)
            av_dict_free(&options)
        }
        if status < 0 {
            status = avformat_open_input(&opened, path, nil, nil)
        }
        guard status >= 0, let opened else { throw .cannotOpen(path: path, reason: AudioError.describe(status)) }
        // The first audio stream that is not cover art. No avformat_find_stream_info: it would
        // decode frames, and the packets need none of what it finds.
        var found: Int32?
        for candidate in 0..<Int(opened.pointee.nb_streams) {
            guard let stream = opened.pointee.streams[candidate], stream.pointee.codecpar.pointee.codec_type == AVMEDIA_TYPE_AUDIO,
                  stream.pointee.disposition & AV_DISPOSITION_ATTACHED_PIC == 0 else { continue }
            found = Int32(candidate)
            break
        }
        guard let found, let stream = opened.pointee.streams[Int(found)], let packet = av_packet_alloc() else {
            var closing: UnsafeMutablePointer<AVFormatContext>? = opened
            avformat_close_input(&closing)
            throw .noAudioStream(path: path)
        }
        for other in 0..<Int(opened.pointee.nb_streams) where other != Int(found) {
            opened.pointee.streams[other]?.pointee.discard = AVDISCARD_ALL
        }
        format = opened
        self.packet = packet
        self.stream = stream
        index = found
    }

    deinit {
        var packet: UnsafeMutablePointer<AVPacket>? = packet
        var format = format
        av_packet_free(&packet)
        avformat_close_input(&format)
    }

    var codecName: String {
        String(cString: avcodec_get_name(stream.pointee.codecpar.pointee.codec_id))
    }

    /// The length the stream declares, when it is the stream's own: an MP3's comes from its
    /// Xing frame (or is guessed from the file's size), which the identity leaves out.
    var declaredLength: (duration: Int64, timeBase: AVRational)? {
        guard let format, String(cString: format.pointee.iformat.pointee.name) != "mp3",
              stream.pointee.duration != segue_av_nopts_value(), stream.pointee.duration > 0 else { return nil }
        return (stream.pointee.duration, stream.pointee.time_base)
    }

    /// The next non-empty packet of the audio stream, valid until the next call; nil at the
    /// end of the stream, or at the first error, which ends it alike for every reader.
    mutating func next() -> UnsafeRawBufferPointer? {
        guard let format else { return nil }
        while true {
            if holdsPacket { av_packet_unref(packet) }
            holdsPacket = av_read_frame(format, packet) >= 0
            guard holdsPacket else { return nil }
            if packet.pointee.stream_index == index, packet.pointee.size > 0, let data = packet.pointee.data {
                return UnsafeRawBufferPointer(start: data, count: Int(packet.pointee.size))
            }
        }
    }

    /// The payload's last `AudioIdentity.tailBytes`, read after a seek that lands far enough
    /// before the end, aiming further back each time one falls short; nil when no seek does.
    /// By byte first, which lands at once (a seek by time makes an MP3 demuxer read its way
    /// there), then by time, for demuxers that cannot resynchronize after a byte seek.
    mutating func seekTail() -> TailWindow? {
        guard let format, let io = format.pointee.pb else { return nil }
        let size = avio_size(io), position = avio_tell(io)
        let tail = AudioIdentity.tailBytes
        guard size > 0, size - position > Int64(4 * tail) else { return nil }
        let byBytes = format.pointee.iformat.pointee.flags & AVFMT_NO_BYTE_SEEK == 0
        for method in byBytes ? [SeekMethod.byte, .time] : [.time] {
            for attempt in 0..<3 {
                let distance = Int64(2 * tail) << attempt
                guard distance < size - position, seek(method, bytesBeforeEnd: distance, fileSize: size) else { break }
                var window = TailWindow(capacity: tail)
                var leading = 0
                var packets = 0
                while let bytes = next() {
                    if packets < AudioIdentity.packetsBeforeTail { leading += bytes.count }
                    packets += 1
                    window.append(bytes)
                }
                if window.appended - leading >= tail { return window }
                // Nothing at all after the seek: this demuxer cannot seek this way.
                if window.appended == 0 { break }
            }
        }
        return nil
    }

    private enum SeekMethod {
        case byte, time
    }

    /// Seeks to about `distance` bytes of audio before the end of the file.
    private mutating func seek(_ method: SeekMethod, bytesBeforeEnd distance: Int64, fileSize: Int64) -> Bool {
        guard let format else { return false }
        hasSought = true
        switch method {
        case .byte:
            return av_seek_frame(format, -1, fileSize - distance, AVSEEK_FLAG_BYTE) >= 0
        case .time:
            let timeBase = av_q2d(stream.pointee.time_base)
            let duration = stream.pointee.duration
            guard duration != segue_av_nopts_value(), duration > 0, timeBase > 0 else { return false }
            let seconds = Double(duration) * timeBase
            let target = seconds - Double(distance) / (Double(fileSize) / seconds)
            guard target > 0 else { return false }
            let start = stream.pointee.start_time == segue_av_nopts_value() ? 0 : stream.pointee.start_time
            return av_seek_frame(format, index, start + Int64(target / timeBase), AVSEEK_FLAG_BACKWARD) >= 0
        }
    }
}
