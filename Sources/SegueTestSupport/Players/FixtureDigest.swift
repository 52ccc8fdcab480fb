import CCrypto

/// MD5 for the Subsonic fixture's token check, from the system's libcrypto.
enum FixtureDigest {
    static func md5(_ text: String) -> String {
        var bytes = [UInt8](repeating: 0, count: 16)
        let data = Array(text.utf8)
        _ = data.withUnsafeBytes { raw in bytes.withUnsafeMutableBufferPointer { segue_md5(raw.baseAddress, raw.count, $0.baseAddress) } }
        return bytes.map { String(format: "%02x", $0) }.joined()
    }
}
