/// The audio formats tests write, with their `ffmpeg` encoder settings: the generator's
/// (`generated`) and a few more the scan and the decoder accept (AIFF, WMA, WavPack, and
/// Musepack, which `mpcenc` encodes from a WAV).
public enum AudioFormat: String, Codable, Sendable, CaseIterable, CustomStringConvertible {
    case mp3, flac, ogg, opus, m4aAAC = "m4a-aac", wav, m4aALAC = "m4a-alac", aiff, wma, wv, mpc

    /// The formats the library generator cycles through, in order.
    public static let generated: [AudioFormat] = [.mp3, .flac, .ogg, .opus, .m4aAAC, .wav, .m4aALAC]

    public var description: String { rawValue }

    public var fileExtension: String {
        switch self {
        case .mp3: "mp3"
        case .flac: "flac"
        case .ogg: "ogg"
        case .opus: "opus"
        case .m4aAAC, .m4aALAC: "m4a"
        case .wav: "wav"
        case .aiff: "aiff"
        case .wma: "wma"
        case .wv: "wv"
        case .mpc: "mpc"
        }
    }

    /// The codec name TagLib (and so `tracks.codec`) reports.
    public var codec: String {
        switch self {
        case .mp3: "MP3"
        case .flac: "FLAC"
        case .ogg: "Vorbis"
        case .opus: "Opus"
        case .m4aAAC: "AAC"
        case .wav: "PCM"
        case .m4aALAC: "ALAC"
        case .aiff: "AIFF"
        case .wma: "WMA"
        case .wv: "WavPack"
        case .mpc: "Musepack"
        }
    }

    public var isLossless: Bool {
        switch self {
        case .flac, .m4aALAC, .wav, .aiff, .wv: true
        default: false
        }
    }

    /// Opus runs at 48 kHz only; everything else keeps the source rate.
    public var sampleRate: Int { self == .opus ? 48_000 : SignalSynthesizer.sampleRate }

    /// `ffmpeg` codec arguments; Musepack is written as 16-bit WAV for `mpcenc`.
    public var encoderArguments: [String] {
        switch self {
        case .mp3: ["-c:a", "libmp3lame", "-b:a", "128k"]
        case .flac: ["-c:a", "flac"]
        case .ogg: ["-c:a", "libvorbis", "-q:a", "3"]
        case .opus: ["-c:a", "libopus", "-b:a", "96k"]
        case .m4aAAC: ["-c:a", "aac", "-b:a", "128k"]
        case .wav, .mpc: ["-c:a", "pcm_s16le"]
        case .m4aALAC: ["-c:a", "alac"]
        case .aiff: ["-c:a", "pcm_s16be"]
        case .wma: ["-c:a", "wmav2", "-b:a", "128k"]
        case .wv: ["-c:a", "wavpack"]
        }
    }
}
