import Foundation

/// How the report names a track whose tags may be missing.
enum TrackLabel {
    static let unknownArtist = "Unknown artist"

    static func artist(_ artist: String?) -> String {
        guard let artist, !artist.trimmingCharacters(in: .whitespaces).isEmpty else { return unknownArtist }
        return artist
    }

    /// The title tag, else the file name without its extension.
    static func title(_ title: String?, path: String?) -> String {
        if let title, !title.trimmingCharacters(in: .whitespaces).isEmpty { return title }
        guard let path else { return "Untitled" }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }

    static func text(artist: String?, title: String?, path: String?) -> String {
        "\(self.artist(artist)) – \(self.title(title, path: path))"
    }
}
