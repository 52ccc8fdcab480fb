/// What a playlist gives up, in this order, when its rules leave too few tracks. Exclusions
/// and duplicate songs are never relaxed: they are the user's explicit wishes.
public enum Relaxation: Int, CaseIterable, Sendable, Comparable, CustomStringConvertible {
    case widerPool
    case cluster
    case rotation
    case recentlyPlayed
    case genreFloor
    case ranges
    case artistLimits
    case albumSpacing
    case tonight
    case duration

    public static func < (a: Relaxation, b: Relaxation) -> Bool {
        a.rawValue < b.rawValue
    }

    public var description: String {
        switch self {
        case .widerPool: "candidates taken from a wider neighbourhood"
        case .cluster: "tracks of neighbouring mixes allowed"
        case .rotation: "tracks given on recent nights allowed again"
        case .recentlyPlayed: "recently played tracks allowed"
        case .tonight: "tracks of tonight's other playlists allowed"
        case .genreFloor: "genre floor dropped"
        case .ranges: "BPM, key and loudness ranges dropped"
        case .artistLimits: "more tracks per artist, closer together"
        case .albumSpacing: "album spacing dropped"
        case .duration: "track length limits dropped"
        }
    }
}
