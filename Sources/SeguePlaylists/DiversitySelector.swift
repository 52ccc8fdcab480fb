import SegueCore

/// Picks a playlist's tracks from ranked candidates: seeds first, then the seed artists up to
/// their share, then the rest, never more than `maxPerArtist` of an artist nor two versions
/// of one song, until the playlist has its tracks and its minutes.
struct DiversitySelector {
    let rules: PlaylistsConfig.Rules
    let seedArtistKeys: Set<String>
    /// Candidates skipped as another version of a chosen song.
    private(set) var duplicates = 0
    /// Candidates skipped because their artist had its share.
    private(set) var artistLimited = 0
    private(set) var isComplete = false
    /// Song keys already worked out, kept across relaxation passes (they are costly).
    private var songKeys: [Int64: String] = [:]
    /// A playlist asked for minutes, not tracks, stops here all the same.
    static let hardLimit = 2000

    init(rules: PlaylistsConfig.Rules, seedArtistKeys: Set<String>) {
        self.rules = rules
        self.seedArtistKeys = seedArtistKeys
    }

    mutating func select(_ ranked: [PlaylistGenerator.Candidate], relaxed: Set<Relaxation>) -> [PlaylistGenerator.Candidate] {
        let maxPerArtist = relaxed.contains(.artistLimits) ? rules.maxPerArtist * 2 : rules.maxPerArtist
        var chosen: [PlaylistGenerator.Candidate] = []
        var taken: Set<Int64> = []
        var perArtist: [String: Int] = [:]
        var songs: Set<String> = []
        var seconds = 0.0
        var seedArtistTracks = 0
        let quota = seedArtistKeys.isEmpty ? 0 : Int((rules.seedArtistShare * Double(rules.tracks)).rounded(.up))
        duplicates = 0
        artistLimited = 0

        func done() -> Bool {
            (chosen.count >= rules.tracks && seconds >= rules.minMinutes * 60) || chosen.count >= Self.hardLimit
        }
        func take(_ candidate: PlaylistGenerator.Candidate) {
            let track = candidate.track
            guard !taken.contains(track.id) else { return }
            let song = songKeys[track.id] ?? track.songKey
            songKeys[track.id] = song
            guard !songs.contains(song) else {
                duplicates += 1
                return
            }
            guard perArtist[track.artistKey, default: 0] < maxPerArtist else {
                artistLimited += 1
                return
            }
            taken.insert(track.id)
            songs.insert(song)
            perArtist[track.artistKey, default: 0] += 1
            seconds += track.durationSeconds ?? 0
            if seedArtistKeys.contains(track.artistKey) { seedArtistTracks += 1 }
            chosen.append(candidate)
        }

        for candidate in ranked where candidate.reason == .seed && !done() {
            take(candidate)
        }
        for candidate in ranked where seedArtistKeys.contains(candidate.track.artistKey) && seedArtistTracks < quota && !done() {
            take(candidate)
        }
        // Counting resumes over the whole ranking, so earlier skips are not counted twice.
        duplicates = 0
        artistLimited = 0
        for candidate in ranked where !done() {
            take(candidate)
        }
        isComplete = done()
        return chosen
    }
}
