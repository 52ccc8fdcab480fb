import Foundation

/// Encodes raw PCM with the `ffmpeg` command line (mono in, stereo out).
struct AudioEncoder: Sendable {
    enum Failure: Error, CustomStringConvertible {
        case ffmpegFailed(output: String, status: Int32, message: String)

        var description: String {
            switch self {
            case let .ffmpegFailed(output, status, message):
                "ffmpeg exited \(status) encoding \(output): \(message)"
            }
        }
    }

    var ffmpeg = "/usr/bin/ffmpeg"

    func encode(pcm: Data, to output: String, format: AudioFormat) throws {
        let raw = output + ".pcm"
        try pcm.write(to: URL(fileURLWithPath: raw))
        defer { try? FileManager.default.removeItem(atPath: raw) }
        // Bit-exact flags keep the output identical from run to run (no encoder version tag).
        let arguments = ["-nostdin", "-v", "error", "-y", "-threads", "1",
                         "-f", "s16le", "-ar", String(SignalSynthesizer.sampleRate), "-ac", "1", "-i", raw,
                         "-ac", "2", "-map_metadata", "-1", "-fflags", "+bitexact", "-flags:a", "+bitexact"]
            + format.encoderArguments + ["-f", format == .m4aAAC || format == .m4aALAC ? "ipod" : format.fileExtension, output]
        let result = try ProcessRunner.run(ffmpeg, arguments)
        guard result.status == 0 else {
            throw Failure.ffmpegFailed(output: output, status: result.status, message: result.stderr.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }
}
