/// Extended M3U in UTF-8: `#EXTM3U`, then for each track `#EXTINF:seconds,Artist - Title`
/// and its path. Tag text is flattened to one line so no entry can be split or forged.
enum M3U8Writer {
    static func render(_ result: PlaylistResult, paths: EntryPaths) -> String {
        var text = "#EXTM3U\n#PLAYLIST:\(TagText.line(result.name))\n"
        for entry in result.entries {
            let track = entry.track
            let seconds = track.durationSeconds.map { Int($0.rounded()) } ?? -1
            text += "#EXTINF:\(seconds),\(TagText.line(track.artist)) - \(TagText.line(track.title))\n"
            text += paths.entry(for: track.path) + "\n"
        }
        return text
    }
}
