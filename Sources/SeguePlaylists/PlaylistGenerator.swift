import Foundation
import SegueCore
import SegueIndex

/// Builds one playlist: candidates from the index around the seeds, the night's filters,
/// diversity over the selection, relaxation when too few are left, then the flowing order.
public struct PlaylistGenerator: Sendable {
    public let index: any PlaylistIndex
    public let catalog: TrackCatalog
    /// Last listen of each track, for the recently-played rule.
    public let lastPlayed: [Int64: Date]
    public let now: Date
    public let calendar: Calendar

    public init(index: any PlaylistIndex, catalog: TrackCatalog, lastPlayed: [Int64: Date] = [:], now: Date,
                calendar: Calendar = Calendar(identifier: .gregorian)) {
        self.index = index
        self.catalog = catalog
        self.lastPlayed = lastPlayed
        self.now = now
        self.calendar = calendar
    }

    struct Candidate {
        var track: TrackInfo
        var reason: PlaylistEntry.Reason
        var rank: Double
        var genreScore: Double?
    }

    /// - Parameters:
    ///   - seed: the night's random seed (see `SplitMix64.seed`).
    ///   - rotation: tracks this playlist gave during the last nights.
    public func generate(_ spec: PlaylistSpec, seed: UInt64, rotation: Set<Int64>) -> PlaylistResult {
        let rules = spec.rules
        let month = calendar.component(.month, from: now)
        let cutoff = now.addingTimeInterval(-Double(rules.recentDays) * 86_400)
        let recent = rules.recentDays > 0 ? Set(lastPlayed.filter { $0.value >= cutoff }.keys) : []
        let basePool = max(300, rules.tracks * 12)
        var relaxed: Set<Relaxation> = []
        var relaxations: [Relaxation] = []
        var pools: [Int: [Candidate]] = [:]
        while true {
            let limit = relaxed.contains(.widerPool) ? basePool * 4 : basePool
            let pool = pools[limit] ?? candidates(spec, limit: limit, seed: seed)
            pools[limit] = pool
            let filter = CandidateFilter(rules: rules, relaxed: relaxed, month: month, recentlyPlayed: recent,
                                         rotation: rotation, members: spec.members)
            var rejected: [FilterRule: Int] = [:]
            let passing = pool.filter { candidate in
                guard let rule = filter.rejection(of: candidate.track, genreScore: candidate.genreScore) else { return true }
                if spec.pinned.contains(candidate.track.id), [.rotation, .recentlyPlayed, .genreFloor, .cluster].contains(rule) {
                    return true
                }
                rejected[rule, default: 0] += 1
                return false
            }
            var selector = DiversitySelector(rules: rules, relaxed: relaxed, seedArtistKeys: spec.seedArtistKeys)
            let chosen = selector.select(passing)
            rejected[.duplicate, default: 0] += selector.duplicates
            let next = selector.isComplete ? nil : Relaxation.allCases.first { relaxation in
                !relaxed.contains(relaxation) && helps(relaxation, rejected: rejected, selector: selector,
                                                       poolCount: pool.count, limit: limit, spec: spec)
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

    /// Whether giving up `relaxation` could bring more tracks in.
    private func helps(_ relaxation: Relaxation, rejected: [FilterRule: Int], selector: DiversitySelector,
                       poolCount: Int, limit: Int, spec: PlaylistSpec) -> Bool {
        switch relaxation {
        case .widerPool: poolCount >= limit || (rejected[.cluster] ?? 0) > 0
        case .rotation: (rejected[.rotation] ?? 0) > 0
        case .recentlyPlayed: (rejected[.recentlyPlayed] ?? 0) > 0
        case .genreFloor: (rejected[.genreFloor] ?? 0) > 0
        case .ranges: (rejected[.bpm] ?? 0) + (rejected[.key] ?? 0) + (rejected[.loudness] ?? 0) > 0
        case .artistLimits: selector.artistLimited > 0
        case .albumSpacing: false
        case .duration: (rejected[.duration] ?? 0) > 0
        }
    }

    /// Seeds first, then the index's neighbours of the seeds, then any fill, ranked with the
    /// night's random draw so each night picks a little differently.
    func candidates(_ spec: PlaylistSpec, limit: Int, seed: UInt64) -> [Candidate] {
        var generator = SplitMix64(seed: seed)
        var seen: Set<Int64> = []
        var list: [Candidate] = []
        for (position, id) in spec.seeds.enumerated() {
            guard let track = catalog[id], seen.insert(id).inserted else { continue }
            list.append(Candidate(track: track, reason: .seed, rank: 10 - Double(position) * 1e-3, genreScore: nil))
        }
        let neighbours = spec.seeds.isEmpty ? [] : index.neighbours(ofSeeds: spec.seeds, limit: limit)
        let fill = spec.fill.map { Neighbour(trackID: $0, breakdown: SimilarityBreakdown(score: 0, sonic: nil, genre: nil, artistBoost: 0)) }
        for (position, neighbour) in (neighbours + fill).enumerated() {
            guard let track = catalog[neighbour.trackID], seen.insert(track.id).inserted else { continue }
            let isFill = position >= neighbours.count
            var rank = isFill ? -Double(position - neighbours.count) / Double(max(1, fill.count)) : neighbour.breakdown.score
            rank += spec.rules.freshness * generator.unit()
            if spec.favourPlays { rank += 0.05 * log1p(Double(track.plays)) }
            list.append(Candidate(track: track, reason: .neighbour(isFill ? nil : neighbour.breakdown), rank: rank,
                                  genreScore: genreScore(track, spec: spec, breakdown: isFill ? nil : neighbour.breakdown)))
        }
        return list.sorted { ($0.rank, -$0.track.id) > ($1.rank, -$1.track.id) }
    }

    private func genreScore(_ track: TrackInfo, spec: PlaylistSpec, breakdown: SimilarityBreakdown?) -> Double? {
        guard !spec.seedGenres.isEmpty else { return breakdown?.genre }
        guard !track.genres.isEmpty else { return nil }
        var best = 0.0
        for genre in track.genres {
            for wanted in spec.seedGenres {
                best = max(best, MatchKey.make(genre) == MatchKey.make(wanted) ? 1 : index.genreSimilarity(genre, wanted))
            }
        }
        return best
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
        let artists = Self.numbered(chosen.map(\.track.artistKey)).map { $0 ?? -1 }
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
            entries.append(PlaylistEntry(track: chosen[item].track, reason: chosen[item].reason, transition: transition))
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
