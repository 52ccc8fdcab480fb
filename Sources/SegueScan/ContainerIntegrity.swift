import SegueAudio

/// Spots files cut short (an interrupted copy or download) from their container structure,
/// which TagLib does not check: it takes lengths from headers. Looks only at the sample's
/// head and tail, plus the top-level atom headers of an MP4. MP3 is checked in the TagLib
/// shim (Xing byte count).
enum ContainerIntegrity {
    /// A one-line reason when the file is truncated, nil when it looks complete.
    static func truncation(kind: AudioFileKind, sample: FileSample) -> String? {
        switch kind {
        case .wav: riffTruncation(sample, magic: "RIFF", littleEndian: true)
        case .aiff: riffTruncation(sample, magic: "FORM", littleEndian: false)
        case .ogg, .opus: oggTruncation(sample)
        case .flac: FLACFrameCheck.truncation(sample)
        case .mp4: mp4Truncation(sample)
        case .mp3, .wma, .ape, .wavPack, .musepack: nil
        }
    }

    /// RIFF (WAV) and IFF (AIFF) files state their own size right after the magic.
    private static func riffTruncation(_ sample: FileSample, magic: String, littleEndian: Bool) -> String? {
        let head = sample.head
        guard head.count >= 8, head[0..<4].elementsEqual(magic.utf8) else { return nil }
        let declared = littleEndian ? readLE32(head, 4) : readBE32(head, 4)
        let expected = Int(declared) + 8
        return expected > sample.size ? "\(magic) header promises \(expected) bytes, file has \(sample.size)" : nil
    }

    /// The last Ogg page must end exactly at the end of the file.
    private static func oggTruncation(_ sample: FileSample) -> String? {
        let bytes = sample.lastBytes
        let pattern: [UInt8] = Array("OggS".utf8)
        var index = bytes.endIndex - 4
        while index >= bytes.startIndex {
            if bytes[index] == pattern[0], bytes[index + 1] == pattern[1], bytes[index + 2] == pattern[2], bytes[index + 3] == pattern[3] {
                guard index + 27 <= bytes.endIndex else { return "last Ogg page header is cut" }
                let segments = Int(bytes[index + 26])
                guard index + 27 + segments <= bytes.endIndex else { return "last Ogg page header is cut" }
                let body = bytes[(index + 27)..<(index + 27 + segments)].reduce(0) { $0 + Int($1) }
                let end = index + 27 + segments + body
                return end > bytes.endIndex ? "last Ogg page needs \(end - bytes.endIndex) more bytes" : nil
            }
            index -= 1
        }
        return nil
    }

    /// Walks the top-level atoms (`ftyp`, `mdat`, `moov`, ...): none may reach past the end.
    private static func mp4Truncation(_ sample: FileSample) -> String? {
        var offset = 0
        for _ in 0..<10_000 {
            guard offset + 8 <= sample.size, let header = sample.bytes(at: offset, count: 16), header.count >= 8 else { return nil }
            var length = Int(readBE32(header, 0))
            if length == 0 { return nil }
            if length == 1 {
                guard header.count >= 16 else { return "MP4 atom header is cut" }
                length = Int(truncatingIfNeeded: UInt64(readBE32(header, 8)) << 32 | UInt64(readBE32(header, 12)))
            }
            guard length >= 8 else { return nil }
            let type = String(decoding: header[4..<8], as: UTF8.self)
            if offset + length > sample.size {
                return "MP4 atom '\(type)' needs \(offset + length - sample.size) more bytes"
            }
            offset += length
        }
        return nil
    }

    static func readLE32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
    }

    static func readBE32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
    }
}
