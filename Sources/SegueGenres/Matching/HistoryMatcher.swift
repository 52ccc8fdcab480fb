import SegueCore

/// Matches a listen to a library track, from the surest way to the loosest:
/// 1. `mbid`: the recording MBID;
/// 2. `exact`: artist and title match keys (case, diacritics, "The", "&" folded);
/// 3. `artist_variant`: any artist of either credit ("A feat. B", "A & B") with the title
///    stripped of version markers ("(Remastered)", "- Live");
/// 4. `fuzzy`: artist and title both at least `threshold` similar (edit distance).
/// A listen matching nothing is kept unmatched and tried again on later runs.
public struct HistoryMatcher: Sendable {
    public struct Track: Sendable {
        public var id: Int64
        public var title: String
        public var artist: String
        public var albumArtist: String?
        public var recordingMBID: String?

        public init(id: Int64, title: String, artist: String, albumArtist: String? = nil, recordingMBID: String? = nil) {
            self.id = id
            self.title = title
            self.artist = artist
            self.albumArtist = albumArtist
            self.recordingMBID = recordingMBID
        }
    }

    public enum Method: String, Sendable {
        case mbid, exact
        case artistVariant = "artist_variant"
        case fuzzy
    }

    public let threshold: Double
    private var byMBID: [String: Int64] = [:]
    private var exact: [String: Int64] = [:]
    private var variants: [String: Int64] = [:]
    /// Every artist key with its length, titles (base key, length) and tracks, for the fuzzy pass.
    private var fuzzyIndex: [(artist: String, length: Int, titles: [(title: String, length: Int, track: Int64)])] = []

    public init(tracks: [Track], threshold: Double) {
        self.threshold = threshold
        var titlesByArtist: [String: [(title: String, length: Int, track: Int64)]] = [:]
        // Lowest ids first, so a duplicate keeps pointing at the oldest copy.
        for track in tracks.sorted(by: { $0.id < $1.id }) {
            if let mbid = track.recordingMBID, !mbid.isEmpty, byMBID[mbid] == nil { byMBID[mbid] = track.id }
            let titleKey = MatchKey.make(track.title)
            let baseKey = TitleVersion(track.title).key
            let artistKey = MatchKey.make(track.artist)
            if exact[Self.key(artistKey, titleKey)] == nil { exact[Self.key(artistKey, titleKey)] = track.id }
            for artist in Self.artistKeys(track.artist) + (track.albumArtist.map(Self.artistKeys) ?? []) {
                if variants[Self.key(artist, baseKey)] == nil { variants[Self.key(artist, baseKey)] = track.id }
                titlesByArtist[artist, default: []].append((baseKey, baseKey.unicodeScalars.count, track.id))
            }
        }
        fuzzyIndex = titlesByArtist.sorted { $0.key < $1.key }.map { ($0.key, $0.key.unicodeScalars.count, $0.value) }
    }

    public func match(artist: String, title: String, recordingMBID: String?) -> (track: Int64, method: Method)? {
        if let mbid = recordingMBID, let track = byMBID[mbid] { return (track, .mbid) }
        if let track = exact[Self.key(MatchKey.make(artist), MatchKey.make(title))] { return (track, .exact) }
        let baseKey = TitleVersion(title).key
        let artistKeys = Self.artistKeys(artist)
        for artistKey in artistKeys {
            if let track = variants[Self.key(artistKey, baseKey)] { return (track, .artistVariant) }
        }
        return fuzzy(artistKeys: artistKeys, titleKey: baseKey)
    }

    private func fuzzy(artistKeys: [String], titleKey: String) -> (track: Int64, method: Method)? {
        var best: (score: Double, track: Int64)?
        let titleLength = titleKey.unicodeScalars.count
        for artistKey in artistKeys {
            let artistLength = artistKey.unicodeScalars.count
            for candidate in fuzzyIndex where mayReach(artistLength, candidate.length) {
                let artistScore = EditDistance.similarity(artistKey, candidate.artist)
                guard artistScore >= threshold else { continue }
                for (candidateTitle, length, track) in candidate.titles where mayReach(titleLength, length) {
                    let score = min(artistScore, EditDistance.similarity(titleKey, candidateTitle))
                    if score >= threshold, score > (best?.score ?? 0) { best = (score, track) }
                }
            }
        }
        return best.map { ($0.track, .fuzzy) }
    }

    /// Whether two keys' lengths leave room for a similarity above the threshold: the edit
    /// distance is at least the length difference, so most pairs are ruled out unmeasured.
    private func mayReach(_ a: Int, _ b: Int) -> Bool {
        Double(abs(a - b)) <= (1 - threshold) * Double(max(a, b))
    }

    /// The credit's full key, then each of its artists.
    static func artistKeys(_ credit: String) -> [String] {
        var keys = [MatchKey.make(credit)]
        let parsed = ArtistCredit(credit)
        for name in [parsed.main] + parsed.allArtists {
            let key = MatchKey.make(name)
            if !key.isEmpty, !keys.contains(key) { keys.append(key) }
        }
        return keys
    }

    private static func key(_ artist: String, _ title: String) -> String {
        artist + "\u{1F}" + title
    }
}
