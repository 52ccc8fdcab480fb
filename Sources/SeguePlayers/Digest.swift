import CCrypto
import Foundation

/// Hex digests from the system's libcrypto: MD5 for Subsonic's token (the protocol asks for
/// it), SHA-256 to tell whether a playlist changed since it was pushed.
enum Digest {
    static func md5(_ text: String) -> String {
        hex(text, length: 16, segue_md5)
    }

    static func sha256(_ text: String) -> String {
        hex(text, length: 32, segue_sha256)
    }

    private static func hex(_ text: String, length: Int,
                            _ digest: (UnsafeRawPointer?, Int, UnsafeMutablePointer<UInt8>?) -> UInt32) -> String {
        var bytes = [UInt8](repeating: 0, count: length)
        let data = Array(text.utf8)
        _ = data.withUnsafeBytes { raw in bytes.withUnsafeMutableBufferPointer { digest(raw.baseAddress, raw.count, $0.baseAddress) } }
        return bytes.map { String(format: "%02x", $0) }.joined()
    }
}
