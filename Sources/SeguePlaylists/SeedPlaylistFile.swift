import Foundation

/// The entries of an M3U or M3U8 playlist a definition is seeded from (`seed_playlist`), as
/// paths to look the tracks up by: `#` lines skipped, `file://` URLs decoded, backslashes read
/// as slashes, a relative entry taken from the playlist's folder.
enum SeedPlaylistFile {
    struct Entry: Equatable {
        /// Where the entry points, resolved against the playlist's folder.
        var resolved: String
        /// The entry as written (without `./` and `../`), for a playlist made on another machine:
        /// it still names the track by the end of its path.
        var written: String
    }

    /// The entries of the playlist at `path`; throws when it cannot be read.
    static func entries(at path: String) throws -> [Entry] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let text = String(decoding: data, as: UTF8.self)
        let folder = (path as NSString).deletingLastPathComponent
        return text.split(whereSeparator: \.isNewline).compactMap { line -> Entry? in
            var entry = line.trimmingCharacters(in: .whitespaces)
            if entry.hasPrefix("\u{FEFF}") { entry.removeFirst() }
            guard !entry.isEmpty, !entry.hasPrefix("#") else { return nil }
            if entry.hasPrefix("file://") {
                entry = URL(string: entry)?.path ?? String(entry.dropFirst("file://".count))
            }
            entry = entry.replacingOccurrences(of: "\\", with: "/")
            let resolved = entry.hasPrefix("/") ? entry : ((folder as NSString).appendingPathComponent(entry) as NSString).standardizingPath
            var written = entry
            while let prefix = ["../", "./"].first(where: written.hasPrefix) { written.removeFirst(prefix.count) }
            return Entry(resolved: resolved, written: written)
        }
    }
}
