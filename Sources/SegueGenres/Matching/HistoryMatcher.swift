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
    /// Artist key → (base title key, track) for the fuzzy pass.
    private var titlesByArtist: [String: [(String, Int64)]] = [:]

    public init(tracks: [Track], threshold: Double) {
        self.threshold = threshold
        // Lowest ids first, so a duplicate keeps pointing at the oldest copy.
        for track in tracks.sorted(by: { $0.id < $1.id }) {
            if let mbid = track.recordingMBID, !mbid.isEmpty, byMBID[mbid] == nil { byMBID[mbid] = track.id }
            let titleKey = MatchKey.make(track.title)
            let baseKey = TitleVersion(track.title).key
            let artistKey = MatchKey.make(track.artist)
            if exact[Self.key(artistKey, titleKey)] == nil { exact[Self.key(artistKey, titleKey)] = track.id }
            for artist in Self.artistKeys(track.artist) + (track.albumArtist.map(Self.artistKeys) ?? []) {
                if variants[Self.key(artist, baseKey)] == nil { variants[Self.key(artist, baseKey)] = track.id }
                titlesByArtist[artist, default: []].append((baseKey, track.id))
            }
        }
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
        for artistKey in artistKeys {
            for (candidate, titles) in titlesByArtist {
                let artistScore = EditDistance.similarity(artistKey, candidate)
                guard artistScore >= threshold else { continue }
                for (candidateTitle, track) in titles {
                    let score = min(artistScore, EditDistance.similarity(titleKey, candidateTitle))
                    if score >= threshold, score > (best?.score ?? 0) { best = (score, track) }
                }
            }
        }
        return best.map { ($0.track, .fuzzy) }
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
