import Foundation
import SegueCore

/// The per-track rules of one playlist on one night: which candidates may be used at all.
/// Diversity (artists, albums, spacing) is decided later, over the whole selection.
struct CandidateFilter: Sendable {
    let rules: PlaylistsConfig.Rules
    let relaxed: Set<Relaxation>
    /// Tracks listened to within the rules' lookback.
    let recentlyPlayed: Set<Int64>
    /// Tracks this playlist gave during the last nights.
    let rotation: Set<Int64>
    /// The cluster a library mix is drawn from; nil for other playlists.
    let members: Set<Int64>?
    /// Recordings (`DuplicateGroups.key`) tonight's earlier playlists used up.
    let tonight: Set<Int64>
    let duplicates: DuplicateGroups
    private let artistKeys: Set<String>
    private let albumKeys: Set<String>
    private let trackPaths: [String]
    /// Tracks the genre exclusions in force leave out (`TrackCatalog.tracks(excludedByGenres:)`).
    private let genreExcluded: Set<Int64>
    private let hasGenreExclusions: Bool
    private let keys: Set<String>

    init(rules: PlaylistsConfig.Rules, relaxed: Set<Relaxation>, month: Int, recentlyPlayed: Set<Int64>,
         rotation: Set<Int64>, members: Set<Int64>?, tonight: Set<Int64> = [], duplicates: DuplicateGroups = DuplicateGroups(),
         catalog: TrackCatalog) throws {
        self.rules = rules
        self.relaxed = relaxed
        self.recentlyPlayed = recentlyPlayed
        self.rotation = rotation
        self.members = members
        self.tonight = tonight
        self.duplicates = duplicates
        let active = Self.activeExclusions(rules, month: month)
        func values(_ field: PlaylistsConfig.Exclusion.Field) -> [String] {
            active.filter { $0.field == field }.map(\.value)
        }
        artistKeys = Set(values(.artist).map(MatchKey.make))
        albumKeys = Set(values(.album).map(MatchKey.make))
        trackPaths = values(.track)
        hasGenreExclusions = !values(.genre).isEmpty
        genreExcluded = try catalog.tracks(excludedByGenres: values(.genre))
        keys = Set(rules.keys.map(MatchKey.make))
    }

    /// The exclusions that apply in `month`.
    static func activeExclusions(_ rules: PlaylistsConfig.Rules, month: Int) -> [PlaylistsConfig.Exclusion] {
        rules.exclusions.filter { $0.applies(inMonth: month) }
    }

    /// The first rule the track breaks, or nil when it may be used. `genreScore` is its
    /// genre similarity to the seeds, nil when unknown (unknown passes).
    func rejection(of track: TrackInfo, genreScore: Double?) -> FilterRule? {
        for rule in FilterRule.allCases where isActive(rule) && !passes(rule, track, genreScore) {
            return rule
        }
        return nil
    }

    /// The rules in force, for `--explain`.
    var activeRules: [FilterRule] {
        FilterRule.allCases.filter(isActive)
    }

    private func isActive(_ rule: FilterRule) -> Bool {
        if let relaxation = rule.relaxedBy, relaxed.contains(relaxation) { return false }
        switch rule {
        case .excluded: return !(artistKeys.isEmpty && albumKeys.isEmpty && trackPaths.isEmpty && !hasGenreExclusions)
        case .bpm: return rules.bpmRange != nil
        case .loudness: return rules.loudnessRange != nil
        case .key: return !keys.isEmpty
        case .genreFloor: return rules.genreFloor > 0
        case .recentlyPlayed: return rules.recentDays > 0
        case .rotation: return !rotation.isEmpty
        case .cluster: return members != nil
        case .tonight: return !tonight.isEmpty
        // Duplicates are told apart during selection, over the whole playlist.
        case .path, .duration, .duplicate: return true
        }
    }

    private func passes(_ rule: FilterRule, _ track: TrackInfo, _ genreScore: Double?) -> Bool {
        switch rule {
        case .excluded:
            return !isExcluded(track)
        case .path:
            // A line break in a path would split an M3U entry in two. By scalar, not by
            // Character: a line break is a grapheme of its own, and grapheme breaking every
            // path of every candidate cost more than the other rules together.
            return !track.path.unicodeScalars.contains(where: Self.isLineBreak) && !track.path.isEmpty
        case .duration:
            guard let seconds = track.durationSeconds else { return true }
            return seconds >= rules.minTrackSeconds && seconds <= rules.maxTrackSeconds
        case .bpm:
            guard let range = rules.bpmRange else { return true }
            return track.bpm.map(range.contains) ?? false
        case .loudness:
            guard let range = rules.loudnessRange else { return true }
            return track.loudness.map(range.contains) ?? false
        case .key:
            return track.key.map { keys.contains(MatchKey.make($0)) } ?? false
        case .genreFloor:
            return genreScore.map { $0 >= rules.genreFloor } ?? true
        case .recentlyPlayed:
            return !recentlyPlayed.contains(track.id)
        case .rotation:
            return !rotation.contains(track.id)
        case .cluster:
            return members?.contains(track.id) ?? true
        case .tonight:
            return !tonight.contains(duplicates.key(of: track.id))
        case .duplicate:
            return true
        }
    }

    /// The scalars of `Character.isNewline`: LF, VT, FF, CR, NEL, LINE and PARAGRAPH SEPARATOR.
    static func isLineBreak(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A...0x0D, 0x85, 0x2028, 0x2029: true
        default: false
        }
    }

    private func isExcluded(_ track: TrackInfo) -> Bool {
        if !artistKeys.isEmpty {
            let credited = ArtistCredit(track.artist).allArtists.map(MatchKey.make) + track.artistKeys
            if credited.contains(where: artistKeys.contains) { return true }
        }
        if !albumKeys.isEmpty, albumKeys.contains(MatchKey.make(track.album)) { return true }
        if trackPaths.contains(where: { track.path == $0 || track.path.hasSuffix("/" + $0) }) { return true }
        if genreExcluded.contains(track.id) { return true }
        return false
    }
}
