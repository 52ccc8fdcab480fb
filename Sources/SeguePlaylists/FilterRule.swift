/// One reason a candidate can be left out; `--explain` lists those each track passed.
public enum FilterRule: String, CaseIterable, Sendable, Comparable {
    case excluded = "exclusions"
    case path = "writable path"
    case duration = "length"
    case bpm = "BPM range"
    case key = "key"
    case loudness = "loudness range"
    case genreFloor = "genre floor"
    case recentlyPlayed = "not recently played"
    case rotation = "not given on recent nights"
    case tonight = "not in tonight's other playlists"
    case duplicate = "no duplicate song"
    case cluster = "in the mix's cluster"

    public static func < (a: FilterRule, b: FilterRule) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// The relaxation that turns this filter off, if any.
    var relaxedBy: Relaxation? {
        switch self {
        case .rotation: .rotation
        case .tonight: .tonight
        case .recentlyPlayed: .recentlyPlayed
        case .genreFloor: .genreFloor
        case .bpm, .key, .loudness: .ranges
        case .duration: .duration
        case .cluster: .cluster
        case .excluded, .path, .duplicate: nil
        }
    }
}
