import SegueCore

/// Picks a playlist's tracks from ranked candidates: seeds first, then the seed artists up to
/// their share, then the rest, never more than `maxPerArtist` of an artist (every credited
/// artist counts: "A feat. B" is a track of A and of B) nor two copies of one recording
/// (`DuplicateGroups`), until the playlist has its tracks and its minutes. An artist or album is also
/// held to what its spacing rule leaves room for (`artistWindow` apart: a 12-track playlist
/// with a window of 4 has room for 3), so the order can keep every spacing rule.
struct DiversitySelector {
    let rules: PlaylistsConfig.Rules
    let seedArtistKeys: Set<String>
    let copies: DuplicateGroups
    /// Candidates skipped as another copy of a chosen recording.
    private(set) var duplicates = 0
    /// Candidates skipped because their artist had its share.
    private(set) var artistLimited = 0
    /// Candidates skipped because their album had as many as its spacing leaves room for.
    private(set) var albumLimited = 0
    private(set) var isComplete = false
    /// A playlist asked for minutes, not tracks, stops here all the same.
    static let hardLimit = 2000

    init(rules: PlaylistsConfig.Rules, seedArtistKeys: Set<String>, copies: DuplicateGroups = DuplicateGroups()) {
        self.rules = rules
        self.seedArtistKeys = seedArtistKeys
        self.copies = copies
    }

    mutating func select(_ ranked: [PlaylistGenerator.Candidate], relaxed: Set<Relaxation>) -> [PlaylistGenerator.Candidate] {
        let window = relaxed.contains(.artistLimits) ? max(1, rules.artistWindow / 2) : rules.artistWindow
        let maxPerArtist = min(relaxed.contains(.artistLimits) ? rules.maxPerArtist * 2 : rules.maxPerArtist,
                               Self.room(tracks: rules.tracks, spacing: window))
        let maxPerAlbum = relaxed.contains(.albumSpacing) ? Int.max : Self.room(tracks: rules.tracks, spacing: rules.albumSpacing)
        var perAlbum: [String: Int] = [:]
        var chosen: [PlaylistGenerator.Candidate] = []
        var taken: Set<Int64> = []
        var perArtist: [String: Int] = [:]
        var recordings: Set<Int64> = []
        var seconds = 0.0
        var seedArtistTracks = 0
        let quota = seedArtistKeys.isEmpty ? 0 : Int((rules.seedArtistShare * Double(rules.tracks)).rounded(.up))
        duplicates = 0
        artistLimited = 0
        albumLimited = 0

        func done() -> Bool {
            (chosen.count >= rules.tracks && seconds >= rules.minMinutes * 60) || chosen.count >= Self.hardLimit
        }
        func take(_ candidate: PlaylistGenerator.Candidate) {
            let track = candidate.track
            guard !taken.contains(track.id) else { return }
            let recording = copies.key(of: track.id)
            guard !recordings.contains(recording) else {
                duplicates += 1
                return
            }
            guard track.artistKeys.allSatisfy({ perArtist[$0, default: 0] < maxPerArtist }) else {
                artistLimited += 1
                return
            }
            let album = track.albumKey
            guard album.isEmpty || perAlbum[album, default: 0] < maxPerAlbum else {
                albumLimited += 1
                return
            }
            if !album.isEmpty { perAlbum[album, default: 0] += 1 }
            taken.insert(track.id)
            recordings.insert(recording)
            for key in track.artistKeys { perArtist[key, default: 0] += 1 }
            seconds += track.durationSeconds ?? 0
            if isSeedArtists(track) { seedArtistTracks += 1 }
            chosen.append(candidate)
        }

        for candidate in ranked where candidate.reason == .seed && !done() {
            take(candidate)
        }
        for candidate in ranked where isSeedArtists(candidate.track) && seedArtistTracks < quota && !done() {
            take(candidate)
        }
        // Counting resumes over the whole ranking, so earlier skips are not counted twice.
        duplicates = 0
        artistLimited = 0
        albumLimited = 0
        for candidate in ranked where !done() {
            take(candidate)
        }
        isComplete = done()
        return chosen
    }

    private func isSeedArtists(_ track: TrackInfo) -> Bool {
        track.artistKeys.contains(where: seedArtistKeys.contains)
    }

    /// How many tracks `spacing` apart fit in a playlist of `tracks`.
    static func room(tracks: Int, spacing: Int) -> Int {
        max(1, (tracks + spacing - 1) / max(1, spacing))
    }
}
