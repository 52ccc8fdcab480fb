/// Finds each of tonight's tracks among a server's cached songs: by path first (the server's
/// path for the file, through `PathMapper`), then by MusicBrainz recording id, then by
/// artist + album + title with the duration within 3 s. Lookups are indexed, so a night costs
/// a few queries per playlist track, whatever the size of the library.
struct TrackMatcher {
    let server: String
    let store: PlayerStore
    let paths: PathMapper
    private var found: [Int64: String?] = [:]

    init(server: String, store: PlayerStore, paths: PathMapper) {
        self.server = server
        self.store = store
        self.paths = paths
    }

    /// The server's ids for `trackIDs`, in order; tracks it does not know are counted, not fatal.
    mutating func songIDs(for trackIDs: [Int64], tracks: [Int64: PlayerTrack]) throws -> (ids: [String], unknown: Int) {
        var ids: [String] = []
        var unknown = 0
        for trackID in trackIDs {
            if let id = try songID(trackID, tracks: tracks) { ids.append(id) } else { unknown += 1 }
        }
        return (ids, unknown)
    }

    private mutating func songID(_ trackID: Int64, tracks: [Int64: PlayerTrack]) throws -> String? {
        if let known = found[trackID] { return known }
        guard let track = tracks[trackID] else { return nil }
        var id = try store.song(server: server, path: paths.map(track.path))
        if id == nil, let recording = track.mbRecordingID, !recording.isEmpty {
            id = try store.song(server: server, recording: recording)
        }
        if id == nil, !track.title.isEmpty {
            id = try store.song(server: server, matchKey: track.matchKey, durationSeconds: track.durationSeconds)
        }
        found[trackID] = id
        return id
    }
}
