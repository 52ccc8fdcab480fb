import CTagLibShim

/// Reads a music file's tags and audio properties through TagLib (the C shim).
public enum TagReader {
    public enum Failure: Error, Sendable, Equatable {
        /// TagLib recognizes no audio in the file, or it holds no audio stream.
        case notAudio
        /// The stream is shorter than its header promises.
        case truncated
    }

    /// The raw property map and audio properties, uncleaned.
    public static func readRaw(path: String) -> Result<RawTags, Failure> {
        var info = segue_tag_info()
        return raw(status: segue_tag_read(path, &info), &info)
    }

    /// Tags cleaned by `TagSanitizer`, read through `descriptor` (open for reading, left open;
    /// its offset moves), which saves opening the file once more. `path` names the file,
    /// whose extension tells TagLib its format first, as for a path.
    public static func read(descriptor: Int32, path: String) -> Result<TrackTags, Failure> {
        var info = segue_tag_info()
        return raw(status: segue_tag_read_descriptor(descriptor, path, &info), &info).map(TagSanitizer.sanitize)
    }

    private static func raw(status: Int32, _ info: inout segue_tag_info) -> Result<RawTags, Failure> {
        guard status == 0 else { return .failure(.notAudio) }
        defer { segue_tag_free(&info) }
        if info.truncated != 0 { return .failure(.truncated) }
        // TagLib accepts some junk with a known extension as a stream of no length.
        guard info.sample_rate > 0, info.length_ms != 0 else { return .failure(.notAudio) }

        var properties: [String: [String]] = [:]
        for index in 0..<Int(info.property_count) {
            guard let key = info.keys[index], let value = info.values[index] else { continue }
            properties[String(cString: key), default: []].append(String(cString: value))
        }
        let codec = withUnsafeBytes(of: info.codec) { bytes in
            String(decoding: bytes.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        return .success(RawTags(properties: properties, lengthMs: Int(info.length_ms), bitrate: Int(info.bitrate_kbps),
                                sampleRate: Int(info.sample_rate), channels: Int(info.channels), codec: codec))
    }

    /// Tags cleaned by `TagSanitizer`.
    public static func read(path: String) -> Result<TrackTags, Failure> {
        readRaw(path: path).map(TagSanitizer.sanitize)
    }
}
