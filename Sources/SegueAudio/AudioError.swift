import CFFmpeg
import SegueCore

/// Why a file could not be decoded; each case names the file.
public enum AudioError: SegueError, Equatable {
    case cannotOpen(path: String, reason: String)
    case noAudioStream(path: String)
    case unsupportedCodec(path: String, codec: String)
    case decodeFailed(path: String, reason: String)
    case resamplerFailed(path: String, reason: String)

    public var exitStatus: ExitStatus { .failure }

    public var message: String {
        switch self {
        case let .cannotOpen(path, reason): "cannot open \(path): \(reason)"
        case let .noAudioStream(path): "\(path) has no audio stream"
        case let .unsupportedCodec(path, codec): "\(path): no decoder for codec \(codec)"
        case let .decodeFailed(path, reason): "cannot decode \(path): \(reason)"
        case let .resamplerFailed(path, reason): "cannot resample \(path): \(reason)"
        }
    }

    /// The reason alone, without the path: what `analysis_failures.reason` keeps.
    public var reason: String {
        switch self {
        case let .cannotOpen(_, reason): reason
        case .noAudioStream: "no audio stream"
        case let .unsupportedCodec(_, codec): "no decoder for codec \(codec)"
        case let .decodeFailed(_, reason): reason
        case let .resamplerFailed(_, reason): "resampler: \(reason)"
        }
    }

    /// FFmpeg's text for an error code, e.g. "Invalid data found when processing input".
    static func describe(_ code: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard av_strerror(code, &buffer, buffer.count) == 0 else { return "error \(code)" }
        let text = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: text, as: UTF8.self)
    }
}
