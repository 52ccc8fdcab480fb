import Foundation

/// Writes the `--broken` set under `_broken/`: one file per problem a scan must record and
/// skip (or clean up), made from the library's own generated tracks.
struct BrokenFileMaker {
    static let folder = "_broken"

    let root: String
    /// One good generated track per format, by format raw value: sources for copies.
    let samples: [String: GeneratedTrack]

    func make() throws -> [BrokenFile] {
        let folderPath = (root as NSString).appendingPathComponent(Self.folder)
        try FileManager.default.createDirectory(atPath: folderPath, withIntermediateDirectories: true)
        var made: [BrokenFile] = []
        func relative(_ name: String) -> String { "\(Self.folder)/\(name)" }
        func absolute(_ name: String) -> String { (folderPath as NSString).appendingPathComponent(name) }

        try Data().write(to: URL(fileURLWithPath: absolute("zero-byte.mp3")))
        made.append(BrokenFile(path: relative("zero-byte.mp3"), kind: "zero-byte", expectTrack: false))

        for format in [AudioFormat.mp3, .flac, .ogg, .m4aAAC, .wav] {
            guard let sample = samples[format.rawValue] else { continue }
            let data = try sampleData(sample)
            let name = "truncated-\(format.rawValue).\(format.fileExtension)"
            try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: absolute(name)))
            made.append(BrokenFile(path: relative(name), kind: "truncated", expectTrack: false))
        }

        for name in ["not-audio.mp3", "not-audio.flac"] {
            try Data("This is a text file, not audio.\n".utf8).write(to: URL(fileURLWithPath: absolute(name)))
            made.append(BrokenFile(path: relative(name), kind: "not audio", expectTrack: false))
        }

        if let sample = samples[AudioFormat.ogg.rawValue] {
            try sampleData(sample).write(to: URL(fileURLWithPath: absolute("unreadable.ogg")))
            chmod(absolute("unreadable.ogg"), 0)
            // Root reads a chmod 000 file anyway; the scan then adds it like any other.
            made.append(BrokenFile(path: relative("unreadable.ogg"), kind: "unreadable", expectTrack: geteuid() == 0))
        }

        try FileManager.default.createSymbolicLink(atPath: absolute("dangling.mp3"), withDestinationPath: "no-such-target.mp3")
        made.append(BrokenFile(path: relative("dangling.mp3"), kind: "broken symlink", expectTrack: false))

        mkfifo(absolute("fifo.mp3"), 0o644)
        made.append(BrokenFile(path: relative("fifo.mp3"), kind: "not a regular file", expectTrack: false))

        if let sample = samples[AudioFormat.mp3.rawValue] {
            let data = try sampleData(sample)
            var badName = Array(absolute("bad-").utf8)
            badName += [0xFF, 0xFE] + Array("-name.mp3".utf8)
            try writeRaw(data, toPathBytes: badName)
            made.append(BrokenFile(path: relative("bad-\u{FFFD}\u{FFFD}-name.mp3"), kind: "bad file name", expectTrack: false))
            try data.write(to: URL(fileURLWithPath: absolute("new\nline.mp3")))
            made.append(BrokenFile(path: relative("new\nline.mp3"), kind: "bad file name", expectTrack: false))
        }

        if let sample = samples[AudioFormat.flac.rawValue] {
            try sampleData(sample).write(to: URL(fileURLWithPath: absolute("control-chars.flac")))
            try TagWriter.write(["TITLE": ["Bell\u{07}Title\u{1B}[31m"], "ARTIST": ["Control\u{01} Freak"], "ALBUM": ["Broken Things"]],
                                to: absolute("control-chars.flac"))
            made.append(BrokenFile(path: relative("control-chars.flac"), kind: "control characters in tags", expectTrack: true))
        }
        if let sample = samples[AudioFormat.mp3.rawValue] {
            try sampleData(sample).write(to: URL(fileURLWithPath: absolute("absurd-values.mp3")))
            try TagWriter.write(["TITLE": ["Absurd Values"], "ARTIST": ["Number Cruncher"], "ALBUM": ["Broken Things"],
                                 "TRACKNUMBER": ["99999"], "DATE": ["9999"], "DISCNUMBER": ["0"]],
                                to: absolute("absurd-values.mp3"))
            made.append(BrokenFile(path: relative("absurd-values.mp3"), kind: "absurd tag values", expectTrack: true))
        }
        return made
    }

    private func sampleData(_ track: GeneratedTrack) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: (root as NSString).appendingPathComponent(track.path)))
    }

    /// Writes a file whose name is raw bytes (not valid UTF-8), which Foundation cannot name.
    private func writeRaw(_ data: Data, toPathBytes bytes: [UInt8]) throws {
        let descriptor = (bytes.map { CChar(bitPattern: $0) } + [0]).withUnsafeBufferPointer {
            open($0.baseAddress!, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        }
        guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown) }
        defer { close(descriptor) }
        let written = data.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == data.count else { throw CocoaError(.fileWriteUnknown) }
    }
}
