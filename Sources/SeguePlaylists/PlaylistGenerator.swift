import Foundation
import SegueCore
import SegueIndex

/// Builds one playlist: candidates from the index around the seeds, the night's filters,
/// one copy of each recording, diversity over the selection, relaxation when too few are
/// left, then the flowing order.
public struct PlaylistGenerator: Sendable {
    public let index: any PlaylistIndex
    public let catalog: TrackCatalog
    /// Last listen of each track, for the recently-played rule.
    public let lastPlayed: [Int64: Date]
    public let now: Date
    public let calendar: Calendar
    /// Neighbours asked per track: what the index stores (`index.neighbours`), so each
    /// answer comes straight from its graph.
    public let neighboursPerTrack: Int
    /// Copies of one recording: a playlist holds one, the best copy that passes its rules.
    public let duplicates: DuplicateGroups
    public let hubs: HubPenalty
    /// Tracks whose own neighbours are added when the pool is widened (a second hop).
    static let secondHopFrom = 12

    public init(index: any PlaylistIndex, catalog: TrackCatalog, lastPlayed: [Int64: Date] = [:], now: Date,
                calendar: Calendar = Calendar(identifier: .gregorian), neighboursPerTrack: Int = 100,
                duplicates: DuplicateGroups = DuplicateGroups(), hubs: HubPenalty = .none) {
        self.index = index
        self.catalog = catalog
        self.lastPlayed = lastPlayed
        self.now = now
        self.calendar = calendar
        self.neighboursPerTrack = neighboursPerTrack
        self.duplicates = duplicates
        self.hubs = hubs
    }

    /// Candidates, and whether a neighbour list was cut at its limit (a second hop may find more).
    struct Pool {
        var candidates: [Candidate]
        var mayHaveMore: Bool
    }

    struct Candidate {
        var track: TrackInfo
        var reason: PlaylistEntry.Reason
        var rank: Double
        var genreScore: Double?
        var hub: HubPenalty.Mark?
    }

    /// Rules a seed the user named is exempt from.
    static let pinnedExemptions: Set<FilterRule> = [.rotation, .recentlyPlayed, .genreFloor, .cluster, .tonight]

    /// - Parameters:
    ///   - seed: the night's random seed (see `SplitMix64.seed`).
    ///   - rotation: tracks this playlist gave during the last nights.
    ///   - tonight: recordings (`DuplicateGroups.key`) tonight's earlier playlists used up.
    public func generate(_ spec: PlaylistSpec, seed: UInt64, rotation: Set<Int64>, tonight: Set<Int64> = []) throws -> PlaylistResult {
        let rules = spec.rules
        let month = calendar.component(.month, from: now)
        let cutoff = now.addingTimeInterval(-Double(rules.recentDays) * 86_400)
        let recent = rules.recentDays > 0 ? Set(lastPlayed.filter { $0.value >= cutoff }.keys) : []
        let pinned = Set(spec.pinned.map(duplicates.key))
        var relaxed: Set<Relaxation> = []
        var relaxations: [Relaxation] = []
        var pools: [Bool: Pool] = [:]
        var selector = DiversitySelector(rules: rules, seedArtistKeys: spec.seedArtistKeys, copies: duplicates)
        while true {
            let wide = relaxed.contains(.widerPool)
            let pool = try pools[wide] ?? candidates(spec, secondHop: wide, seed: seed)
            pools[wide] = pool
            let filter = try CandidateFilter(rules: rules, relaxed: relaxed, month: month, recentlyPlayed: recent,
                                             rotation: rotation, members: spec.members, tonight: tonight,
                                             duplicates: duplicates, catalog: catalog)
            var rejected: [FilterRule: Int] = [:]
            let passing = pool.candidates.filter { candidate in
                guard let rule = filter.rejection(of: candidate.track, genreScore: candidate.genreScore) else { return true }
                if Self.pinnedExemptions.contains(rule), pinned.contains(duplicates.key(of: candidate.track.id)) { return true }
                rejected[rule, default: 0] += 1
                return false
            }
            let chosen = selector.select(onePerRecording(passing, rejected: &rejected), relaxed: relaxed)
            if selector.duplicates > 0 { rejected[.duplicate, default: 0] += selector.duplicates }
            let next = selector.isComplete ? nil : Relaxation.allCases.first { relaxation in
                !relaxed.contains(relaxation) && helps(relaxation, rejected: rejected, selector: selector, pool: pool)
            }
            if let next {
                relaxed.insert(next)
                relaxations.append(next)
                continue
            }
            return finish(spec, chosen: chosen, seed: seed, relaxed: relaxed, relaxations: relaxations,
                          rejected: rejected, rulesPassed: filter.activeRules)
        }
    }

    /// Each recording once, where its best-ranked copy stood, as its best copy among those
    /// that passed: the FLAC rather than the MP3 of one song, whichever the index ranked higher.
    func onePerRecording(_ passing: [Candidate], rejected: inout [FilterRule: Int]) -> [Candidate] {
        guard !duplicates.groups.isEmpty else { return passing }
        let byID = Dictionary(passing.map { ($0.track.id, $0) }, uniquingKeysWith: { first, _ in first })
        var seen: Set<Int64> = []
        var kept: [Candidate] = []
        for candidate in passing {
            guard seen.insert(duplicates.key(of: candidate.track.id)).inserted else {
                rejected[.duplicate, default: 0] += 1
                continue
            }
            var best = candidate
            if let copy = duplicates.members(of: candidate.track.id).lazy.compactMap({ byID[$0] }).first {
                best.track = copy.track
                best.hub = copy.hub
            }
            kept.append(best)
        }
        return kept
    }

    /// Whether giving up `relaxation` could bring more tracks in.
    private func helps(_ relaxation: Relaxation, rejected: [FilterRule: Int], selector: DiversitySelector, pool: Pool) -> Bool {
        switch relaxation {
        case .widerPool: pool.mayHaveMore
        case .cluster: (rejected[.cluster] ?? 0) > 0
        case .rotation: (rejected[.rotation] ?? 0) > 0
        case .recentlyPlayed: (rejected[.recentlyPlayed] ?? 0) > 0
        case .tonight: (rejected[.tonight] ?? 0) > 0
        case .genreFloor: (rejected[.genreFloor] ?? 0) > 0
        case .ranges: (rejected[.bpm] ?? 0) + (rejected[.key] ?? 0) + (rejected[.loudness] ?? 0) > 0
        case .artistLimits: selector.artistLimited > 0
        case .albumSpacing: selector.albumLimited > 0
        case .duration: (rejected[.duration] ?? 0) > 0
        }
    }

    private func finish(_ spec: PlaylistSpec, chosen: [Candidate], seed: UInt64, relaxed: Set<Relaxation>,
                        relaxations: [Relaxation], rejected: [FilterRule: Int], rulesPassed: [FilterRule]) -> PlaylistResult {
        let count = chosen.count
        var scores = [Double](repeating: 0, count: count * count)
        for from in 0..<count {
            for to in 0..<count where to != from {
                scores[from * count + to] = index.transitionScore(from: chosen[from].track.id, to: chosen[to].track.id)?.score ?? 0.5
            }
        }
        var artistNumbers: [String: Int] = [:]
        let artists = chosen.map { candidate in
            candidate.track.artistKeys.map { key in
                if let number = artistNumbers[key] { return number }
                artistNumbers[key] = artistNumbers.count
                return artistNumbers.count - 1
            }
        }
        let albums = Self.numbered(chosen.map(\.track.albumKey))
        let rules = spec.rules
        let window = relaxed.contains(.artistLimits) ? max(1, rules.artistWindow / 2) : rules.artistWindow
        let orderer = TransitionOrderer(scores: scores, count: count, artists: artists, albums: albums,
                                        artistWindow: window, albumSpacing: rules.albumSpacing)
        let first = chosen.firstIndex { $0.reason == .seed } ?? (count > 0 ? 0 : nil)
        let path = count > 0 ? orderer.order(first: first) : []
        var entries: [PlaylistEntry] = []
        for (position, item) in path.enumerated() {
            let transition = position == 0 ? nil : index.transitionScore(from: chosen[path[position - 1]].track.id, to: chosen[item].track.id)
            entries.append(PlaylistEntry(track: chosen[item].track, reason: chosen[item].reason, transition: transition,
                                         hub: chosen[item].hub))
        }
        return PlaylistResult(spec: spec, seed: seed, entries: entries, relaxations: relaxations,
                              spacingConflicts: count > 0 ? orderer.violations(path) : 0, rejected: rejected,
                              rulesPassed: rulesPassed)
    }

    /// Equal keys get equal numbers; empty keys get nil.
    static func numbered(_ keys: [String]) -> [Int?] {
        var numbers: [String: Int] = [:]
        return keys.map { key in
            guard !key.isEmpty else { return nil }
            if let number = numbers[key] { return number }
            numbers[key] = numbers.count
            return numbers.count - 1
        }
    }
}
