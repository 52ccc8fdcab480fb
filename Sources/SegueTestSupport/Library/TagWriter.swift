import CTagLibShim
import Foundation

/// Writes tags into the generator's own files through the TagLib shim (tests retag them
/// too). Never used on a user's music.
public enum TagWriter {
    struct Failure: Error, CustomStringConvertible {
        let path: String
        let status: Int32
        var description: String { "cannot tag \(path) (TagLib status \(status))" }
    }

    /// Replaces all of the file's tags with `tags` (key → values); empty strips them all.
    public static func write(_ tags: [String: [String]], to path: String) throws {
        let pairs = tags.sorted { $0.key < $1.key }.flatMap { key, values in values.map { (key, $0) } }
        let keys = pairs.map { strdup($0.0) }, values = pairs.map { strdup($0.1) }
        defer {
            keys.forEach { free($0) }
            values.forEach { free($0) }
        }
        let status = keys.map { UnsafePointer($0) }.withUnsafeBufferPointer { keyBuffer in
            values.map { UnsafePointer($0) }.withUnsafeBufferPointer { valueBuffer in
                segue_tag_write(path, keyBuffer.baseAddress, valueBuffer.baseAddress, Int32(pairs.count))
            }
        }
        guard status == 0 else { throw Failure(path: path, status: status) }
    }
}
