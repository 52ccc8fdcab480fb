import Foundation

/// XSPF 1.0 (https://www.xspf.org/spec): a `playlist` with a `trackList` of `track`s, each
/// with its `location` as a URI, title, creator, album and duration in milliseconds.
enum XSPFWriter {
    /// `entries`: each entry's path as `EntryPaths.entry(for:)` writes it.
    static func render(_ result: PlaylistResult, entries: [String], paths: EntryPaths, date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        var text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <playlist version="1" xmlns="http://xspf.org/ns/0/">
              <title>\(TagText.xml(result.name))</title>
              <creator>Segue</creator>
              <date>\(formatter.string(from: date))</date>
              <trackList>

            """
        for (entry, path) in zip(result.entries, entries) {
            let track = entry.track
            text += "    <track>\n"
            text += "      <location>\(TagText.xml(paths.uri(ofEntry: path)))</location>\n"
            text += "      <title>\(TagText.xml(track.title))</title>\n"
            text += "      <creator>\(TagText.xml(track.artist))</creator>\n"
            if !track.album.isEmpty { text += "      <album>\(TagText.xml(track.album))</album>\n" }
            if let seconds = track.durationSeconds, seconds >= 0 {
                text += "      <duration>\(Int((seconds * 1000).rounded()))</duration>\n"
            }
            text += "    </track>\n"
        }
        text += "  </trackList>\n</playlist>\n"
        return text
    }
}
