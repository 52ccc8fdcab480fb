import Foundation
import SegueTestSupport

/// Audio files made for the tests with the `ffmpeg` command line (and `mpcenc` for Musepack).
enum TestAudio {
    typealias Format = AudioFormat

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
        arguments += format.encoderArguments
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
        try TestTool.require(program, package: program == mpcenc ? "musepack-tools" : "ffmpeg")
        let result = try ProcessRunner.run(program, arguments)
        guard result.status == 0 else {
            throw Failure(description: "\(program) exited \(result.status): \(result.stderr)")
        }
    }
}
