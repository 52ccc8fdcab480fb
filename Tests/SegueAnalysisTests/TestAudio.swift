import Foundation
import SegueTestSupport

/// Audio files made for the tests with the `ffmpeg` command line (and `mpcenc` for Musepack).
enum TestAudio {
    /// Every container and codec the scan accepts that this machine can encode.
    enum Format: String, CaseIterable, Sendable, CustomStringConvertible {
        case mp3, flac, ogg, opus, m4aAAC = "m4a-aac", m4aALAC = "m4a-alac", wav, aiff, wma, wv, mpc

        var description: String { rawValue }

        var fileExtension: String {
            switch self {
            case .m4aAAC, .m4aALAC: "m4a"
            default: rawValue
            }
        }

        var isLossless: Bool {
            switch self {
            case .flac, .m4aALAC, .wav, .aiff, .wv: true
            default: false
            }
        }

        fileprivate var codecArguments: [String] {
            switch self {
            case .mp3: ["-c:a", "libmp3lame", "-b:a", "128k"]
            case .flac: ["-c:a", "flac"]
            case .ogg: ["-c:a", "libvorbis", "-q:a", "3"]
            case .opus: ["-c:a", "libopus", "-b:a", "96k"]
            case .m4aAAC: ["-c:a", "aac", "-b:a", "128k"]
            case .m4aALAC: ["-c:a", "alac"]
            case .wav: ["-c:a", "pcm_s16le"]
            case .aiff: ["-c:a", "pcm_s16be"]
            case .wma: ["-c:a", "wmav2", "-b:a", "128k"]
            case .wv: ["-c:a", "wavpack"]
            case .mpc: ["-c:a", "pcm_s16le"]
            }
        }

        /// Whether the encoder this format needs is installed.
        var isAvailable: Bool {
            self != .mpc || FileManager.default.isExecutableFile(atPath: TestAudio.mpcenc)
        }

        static var available: [Format] { allCases.filter(\.isAvailable) }
    }

    static let ffmpeg = "/usr/bin/ffmpeg"
    static let mpcenc = "/usr/bin/mpcenc"

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Writes `seconds` of the `aevalsrc` expression(s) (one per channel, `|`-separated) at
    /// `sampleRate` to `path` in `format`.
    static func write(_ expression: String, seconds: Double, sampleRate: Int = 44_100,
                      format: Format, to path: String) throws {
        let source = "aevalsrc='\(expression)':s=\(sampleRate):d=\(seconds)"
        let target = format == .mpc ? path + ".wav" : path
        var arguments = ["-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", source, "-map_metadata", "-1"]
        arguments += format.codecArguments
        if format == .opus { arguments += ["-ar", "48000"] }
        arguments.append(target)
        try run(ffmpeg, arguments)
        if format == .mpc {
            defer { try? FileManager.default.removeItem(atPath: target) }
            try run(mpcenc, ["--silent", "--overwrite", "--quality", "5", target, path])
        }
    }

    /// A file with `channels` channels holding a steady tone.
    static func tone(seconds: Double, format: Format, in folder: String, name: String = "tone",
                     frequency: Double = 440, amplitude: Double = 0.5) throws -> String {
        let path = (folder as NSString).appendingPathComponent("\(name).\(format.fileExtension)")
        let wave = "\(amplitude)*sin(2*PI*\(frequency)*t)"
        try write("\(wave)|\(wave)", seconds: seconds, format: format, to: path)
        return path
    }

    private static func run(_ program: String, _ arguments: [String]) throws {
        let result = try ProcessRunner.run(program, arguments)
        guard result.status == 0 else {
            throw Failure(description: "\(program) exited \(result.status): \(result.stderr)")
        }
    }
}
