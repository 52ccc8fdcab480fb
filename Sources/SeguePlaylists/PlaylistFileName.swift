/// Turns a playlist name into a safe file name: no folder separators or `..` (nothing is
/// ever written outside the output folder), none of the characters Windows, Android or
/// Samba reject, no control characters, no reserved device names, and a bounded length.
public enum PlaylistFileName {
    static let reserved: Set<Character> = ["/", "\\", ":", "*", "?", "\"", "<", ">", "|"]
    static let deviceNames = Set(["con", "prn", "aux", "nul"] + (1...9).flatMap { ["com\($0)", "lpt\($0)"] })
    /// Bytes of the name before the extension; file systems allow 255 in all.
    static let maxBytes = 150

    public static func sanitize(_ name: String) -> String {
        var cleaned = ""
        for character in name {
            if reserved.contains(character) || character.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                cleaned.append(character.isNewline ? " " : "_")
            } else {
                cleaned.append(character)
            }
        }
        cleaned = cleaned.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        // Leading dots would hide the file or name `..`; trailing dots and spaces vanish on Windows.
        while let first = cleaned.first, first == "." || first == " " { cleaned.removeFirst() }
        while let last = cleaned.last, last == "." || last == " " { cleaned.removeLast() }
        while cleaned.utf8.count > maxBytes { cleaned.removeLast() }
        if cleaned.isEmpty { return "Playlist" }
        let stem = cleaned.split(separator: ".").first.map { String($0).lowercased() } ?? ""
        return deviceNames.contains(stem.trimmingCharacters(in: .whitespaces)) ? "_" + cleaned : cleaned
    }

    /// Sanitized names, made unique where two playlists would share one file.
    public static func unique(_ names: [String]) -> [String] {
        var used: Set<String> = []
        return names.map { name in
            let base = sanitize(name)
            var candidate = base
            var number = 2
            while !used.insert(candidate.lowercased()).inserted {
                candidate = "\(base) (\(number))"
                number += 1
            }
            return candidate
        }
    }
}
