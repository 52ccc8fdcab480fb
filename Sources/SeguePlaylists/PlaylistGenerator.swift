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
    /// Neighbours asked per track: what the index stores (`index.neighbours`), so each
    /// answer comes straight from its graph.
    public let neighboursPerTrack: Int
    /// Tracks whose own neighbours are added when the pool is widened (a second hop).
    static let secondHopFrom = 12

    public init(index: any PlaylistIndex, catalog: TrackCatalog, lastPlayed: [Int64: Date] = [:], now: Date,
                calendar: Calendar = Calendar(identifier: .gregorian), neighboursPerTrack: Int = 100) {
        self.index = index
        self.catalog = catalog
        self.lastPlayed = lastPlayed
        self.now = now
        self.calendar = calendar
        self.neighboursPerTrack = neighboursPerTrack
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
    }

    /// - Parameters:
    ///   - seed: the night's random seed (see `SplitMix64.seed`).
    ///   - rotation: tracks this playlist gave during the last nights.
    public func generate(_ spec: PlaylistSpec, seed: UInt64, rotation: Set<Int64>) throws -> PlaylistResult {
        let rules = spec.rules
        let month = calendar.component(.month, from: now)
        let cutoff = now.addingTimeInterval(-Double(rules.recentDays) * 86_400)
        let recent = rules.recentDays > 0 ? Set(lastPlayed.filter { $0.value >= cutoff }.keys) : []
        var relaxed: Set<Relaxation> = []
        var relaxations: [Relaxation] = []
        var pools: [Bool: Pool] = [:]
        var selector = DiversitySelector(rules: rules, seedArtistKeys: spec.seedArtistKeys)
        while true {
            let wide = relaxed.contains(.widerPool)
            let pool = try pools[wide] ?? candidates(spec, secondHop: wide, seed: seed)
            pools[wide] = pool
            let filter = CandidateFilter(rules: rules, relaxed: relaxed, month: month, recentlyPlayed: recent,
                                         rotation: rotation, members: spec.members)
            var rejected: [FilterRule: Int] = [:]
            let passing = pool.candidates.filter { candidate in
                guard let rule = filter.rejection(of: candidate.track, genreScore: candidate.genreScore) else { return true }
                if spec.pinned.contains(candidate.track.id), [.rotation, .recentlyPlayed, .genreFloor, .cluster].contains(rule) {
                    return true
                }
                rejected[rule, default: 0] += 1
                return false
            }
            let chosen = selector.select(passing, relaxed: relaxed)
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

    /// Whether giving up `relaxation` could bring more tracks in.
    private func helps(_ relaxation: Relaxation, rejected: [FilterRule: Int], selector: DiversitySelector, pool: Pool) -> Bool {
        switch relaxation {
        case .widerPool: pool.mayHaveMore
        case .cluster: (rejected[.cluster] ?? 0) > 0
        case .rotation: (rejected[.rotation] ?? 0) > 0
        case .recentlyPlayed: (rejected[.recentlyPlayed] ?? 0) > 0
        case .genreFloor: (rejected[.genreFloor] ?? 0) > 0
        case .ranges: (rejected[.bpm] ?? 0) + (rejected[.key] ?? 0) + (rejected[.loudness] ?? 0) > 0
        case .artistLimits: selector.artistLimited > 0
        case .albumSpacing: selector.albumLimited > 0
        case .duration: (rejected[.duration] ?? 0) > 0
        }
    }

    /// Seeds first, then their neighbours in the index's graph (and, widened, the neighbours
    /// of the best of those), then any fill, ranked with the night's random draw so each night
    /// picks a little differently.
    func candidates(_ spec: PlaylistSpec, secondHop: Bool, seed: UInt64) throws -> Pool {
        var generator = SplitMix64(seed: seed)
        var genreCache: [String: Double] = [:]
        var seen: Set<Int64> = []
        var list: [Candidate] = []
        let (neighbours, mayHaveMore) = neighbourhood(of: spec.seeds, secondHop: secondHop)
        let known = try catalog.tracks(spec.seeds + neighbours.map(\.trackID) + spec.fill)
        for (position, id) in spec.seeds.enumerated() {
            guard let track = known[id], seen.insert(id).inserted else { continue }
            list.append(Candidate(track: track, reason: .seed, rank: 10 - Double(position) * 1e-3, genreScore: nil))
        }
        let fill = spec.fill.map { Neighbour(trackID: $0, breakdown: SimilarityBreakdown(score: 0, sonic: nil, genre: nil, artistBoost: 0)) }
        for (position, neighbour) in (neighbours + fill).enumerated() {
            guard let track = known[neighbour.trackID], seen.insert(track.id).inserted else { continue }
            let isFill = position >= neighbours.count
            var rank = isFill ? -Double(position - neighbours.count) / Double(max(1, fill.count)) : neighbour.breakdown.score
            rank += spec.rules.freshness * generator.unit()
            if spec.favourPlays { rank += 0.05 * log1p(Double(track.plays)) }
            list.append(Candidate(track: track, reason: .neighbour(isFill ? nil : neighbour.breakdown), rank: rank,
                                  genreScore: genreScore(track, spec: spec, breakdown: isFill ? nil : neighbour.breakdown,
                                                        cache: &genreCache)))
        }
        return Pool(candidates: list.sorted { ($0.rank, -$0.track.id) > ($1.rank, -$1.track.id) }, mayHaveMore: mayHaveMore)
    }

    /// The union of the seeds' neighbour lists, each track scored by its closest seed; with
    /// `secondHop`, also the neighbours of the best first-hop tracks, scored through them.
    func neighbourhood(of seeds: [Int64], secondHop: Bool) -> (neighbours: [Neighbour], mayHaveMore: Bool) {
        var best: [Int64: Neighbour] = [:]
        var cut = false
        func offer(_ neighbour: Neighbour) {
            if let known = best[neighbour.trackID], known.breakdown.score >= neighbour.breakdown.score { return }
            best[neighbour.trackID] = neighbour
        }
        for seed in seeds {
            let list = index.neighbours(of: seed, limit: neighboursPerTrack)
            cut = cut || list.count >= neighboursPerTrack
            list.forEach(offer)
        }
        if secondHop {
            let seedSet = Set(seeds)
            let firstHop = best.values.sorted { ($0.breakdown.score, -$0.trackID) > ($1.breakdown.score, -$1.trackID) }
            for via in firstHop.prefix(Self.secondHopFrom) {
                for far in index.neighbours(of: via.trackID, limit: neighboursPerTrack) where !seedSet.contains(far.trackID) {
                    var scaled = far
                    scaled.breakdown.score *= via.breakdown.score
                    offer(scaled)
                }
            }
        }
        let seedSet = Set(seeds)
        let neighbours = best.values.filter { !seedSet.contains($0.trackID) }
            .sorted { ($0.breakdown.score, -$0.trackID) > ($1.breakdown.score, -$1.trackID) }
        return (neighbours, cut && !secondHop)
    }

    /// Genre similarity to the seeds: against the asked genres when there are some (once per
    /// genre, through `cache`), else the index's genre part against the seeds.
    private func genreScore(_ track: TrackInfo, spec: PlaylistSpec, breakdown: SimilarityBreakdown?,
                            cache: inout [String: Double]) -> Double? {
        guard !spec.seedGenres.isEmpty else { return breakdown?.genre }
        guard !track.genres.isEmpty else { return nil }
        var best = 0.0
        for genre in track.genres {
            if let known = cache[genre] {
                best = max(best, known)
                continue
            }
            let value = spec.seedGenres.map { wanted in
                MatchKey.make(genre) == MatchKey.make(wanted) ? 1 : index.genreSimilarity(genre, wanted)
            }.max() ?? 0
            cache[genre] = value
            best = max(best, value)
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
