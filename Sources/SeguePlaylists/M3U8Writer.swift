/// Extended M3U in UTF-8: `#EXTM3U`, then for each track `#EXTINF:seconds,Artist - Title`
/// and its path. Tag text is flattened to one line so no entry can be split or forged.
enum M3U8Writer {
    /// `entries`: each entry's path as `EntryPaths.entry(for:)` writes it.
    static func render(_ result: PlaylistResult, entries: [String]) -> String {
        var text = "#EXTM3U\n#PLAYLIST:\(TagText.line(result.name))\n"
        for (entry, path) in zip(result.entries, entries) {
            let track = entry.track
            let seconds = track.durationSeconds.map { Int($0.rounded()) } ?? -1
            text += "#EXTINF:\(seconds),\(TagText.line(track.artist)) - \(TagText.line(track.title))\n"
            text += path + "\n"
        }
        return text
    }
}
