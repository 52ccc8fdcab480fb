/// The formats the generator cycles through, with their `ffmpeg` encoder settings.
public enum AudioFormat: String, Codable, Sendable, CaseIterable {
    case mp3, flac, ogg, opus, m4aAAC = "m4a-aac", wav, m4aALAC = "m4a-alac"

    public var fileExtension: String {
        switch self {
        case .mp3: "mp3"
        case .flac: "flac"
        case .ogg: "ogg"
        case .opus: "opus"
        case .m4aAAC, .m4aALAC: "m4a"
        case .wav: "wav"
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
        }
    }

    /// Opus runs at 48 kHz only; everything else keeps the source rate.
    public var sampleRate: Int { self == .opus ? 48_000 : SignalSynthesizer.sampleRate }

    var encoderArguments: [String] {
        switch self {
        case .mp3: ["-c:a", "libmp3lame", "-b:a", "128k"]
        case .flac: ["-c:a", "flac"]
        case .ogg: ["-c:a", "libvorbis", "-q:a", "3"]
        case .opus: ["-c:a", "libopus", "-b:a", "96k"]
        case .m4aAAC: ["-c:a", "aac", "-b:a", "128k"]
        case .wav: ["-c:a", "pcm_s16le"]
        case .m4aALAC: ["-c:a", "alac"]
        }
    }
}
