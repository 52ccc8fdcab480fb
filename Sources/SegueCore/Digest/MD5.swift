import CCrypto

/// MD5 through the system's libcrypto, only where a protocol demands it (Subsonic's token,
/// `md5(password + salt)`); never for integrity, which is `SHA256Digest`'s job.
public enum MD5 {
    /// The digest of `text`'s UTF-8 bytes as 32 lower-case hex digits.
    public static func hex(_ text: String) -> String {
        var digest = [UInt8](repeating: 0, count: 16)
        var length: UInt32 = 0
        let bytes = Array(text.utf8)
        let done = bytes.withUnsafeBytes { raw in
            digest.withUnsafeMutableBufferPointer { EVP_Digest(raw.baseAddress, raw.count, $0.baseAddress, &length, EVP_md5(), nil) }
        }
        guard done == 1, length == 16 else { fatalError("libcrypto cannot compute an MD5 digest") }
        return digest.map { String(format: "%02x", $0) }.joined()
    }
}
