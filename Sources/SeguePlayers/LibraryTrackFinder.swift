/// Finds a player's song among the library's tracks: the reverse of `TrackMatcher`, by path
/// first (`PathMapper.libraryPaths`), then by MusicBrainz recording id, then by artist +
/// album + title with the duration within 3 s.
struct LibraryTrackFinder {
    let store: PlayerStore
    let paths: PathMapper

    /// The library path of the track that is `song`, nil when the library holds none.
    func path(of song: RemoteSong) throws -> String? {
        if let path = song.path, let found = try store.libraryTrack(paths: paths.libraryPaths(for: path)) { return found }
        if let recording = song.mbRecordingID, let found = try store.libraryTrack(recording: recording) { return found }
        guard !song.title.isEmpty else { return nil }
        return try store.libraryTrack(matchKey: song.matchKey, title: song.title, durationSeconds: song.durationSeconds)
    }
}
