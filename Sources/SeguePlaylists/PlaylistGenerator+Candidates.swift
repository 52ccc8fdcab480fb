import Foundation
import SegueCore
import SegueIndex

extension PlaylistGenerator {
    /// Seeds first, then their neighbours in the index's graph (and, widened, the neighbours
    /// of the best of those), then any fill, ranked with the night's random draw so each night
    /// picks a little differently. A hub's neighbour score is damped (`HubPenalty`). Every
    /// other copy of a candidate's recording joins the pool beside it, so the best copy can
    /// stand in for a copy the index happened to list.
    func candidates(_ spec: PlaylistSpec, secondHop: Bool, seed: UInt64) throws -> Pool {
        var generator = SplitMix64(seed: seed)
        var genreCache: [String: Double] = [:]
        var seen: Set<Int64> = []
        var list: [Candidate] = []
        let (neighbours, mayHaveMore) = neighbourhood(of: spec.seeds, blend: spec.blend, secondHop: secondHop)
        let listed = spec.seeds + neighbours.map(\.trackID) + spec.fill
        let known = try catalog.tracks(listed + listed.flatMap { duplicates.members(of: $0) })
        func add(_ candidate: Candidate) {
            for id in duplicates.members(of: candidate.track.id) where seen.insert(id).inserted {
                guard let track = known[id] else { continue }
                var copy = candidate
                copy.track = track
                copy.hub = candidate.reason == .seed ? nil : hubs.mark(id)
                list.append(copy)
            }
        }
        for (position, id) in spec.seeds.enumerated() {
            guard let track = known[id], !seen.contains(id) else { continue }
            add(Candidate(track: track, reason: .seed, rank: 10 - Double(position) * 1e-3, genreScore: nil))
        }
        let fill = spec.fill.map { Neighbour(trackID: $0, breakdown: SimilarityBreakdown(score: 0, sonic: nil, genre: nil, artistBoost: 0)) }
        for (position, neighbour) in (neighbours + fill).enumerated() {
            guard let track = known[neighbour.trackID], !seen.contains(track.id) else { continue }
            let isFill = position >= neighbours.count
            var rank = isFill ? -Double(position - neighbours.count) / Double(max(1, fill.count))
                : neighbour.breakdown.score * (hubs.mark(track.id)?.factor ?? 1)
            rank += spec.rules.freshness * generator.unit()
            if spec.favourPlays { rank += 0.05 * log1p(Double(track.plays)) }
            add(Candidate(track: track, reason: .neighbour(isFill ? nil : neighbour.breakdown), rank: rank,
                          genreScore: genreScore(track, spec: spec, breakdown: isFill ? nil : neighbour.breakdown, cache: &genreCache)))
        }
        return Pool(candidates: list.sorted { ($0.rank, -$0.track.id) > ($1.rank, -$1.track.id) }, mayHaveMore: mayHaveMore)
    }

    /// The seeds' neighbours: blended (`PlaylistIndex.neighbours(ofSeeds:)`, what lies between
    /// the seeds and near each) when the user named several tracks, else the union of each
    /// seed's list, every track scored by its closest seed; with `secondHop`, also the
    /// neighbours of the best first-hop tracks, scored through them.
    func neighbourhood(of seeds: [Int64], blend: Bool, secondHop: Bool) -> (neighbours: [Neighbour], mayHaveMore: Bool) {
        var best: [Int64: Neighbour] = [:]
        var cut = false
        func offer(_ neighbour: Neighbour) {
            if let known = best[neighbour.trackID], known.breakdown.score >= neighbour.breakdown.score { return }
            best[neighbour.trackID] = neighbour
        }
        if blend, seeds.count > 1 {
            let limit = neighboursPerTrack * min(seeds.count, 4)
            let list = index.neighbours(ofSeeds: Self.blendProbes(seeds), limit: limit)
            cut = list.count >= limit
            list.forEach(offer)
        } else {
            for seed in seeds {
                let list = index.neighbours(of: seed, limit: neighboursPerTrack)
                cut = cut || list.count >= neighboursPerTrack
                list.forEach(offer)
            }
        }
        let seedSet = Set(seeds)
        if secondHop {
            let firstHop = best.values.sorted { ($0.breakdown.score, -$0.trackID) > ($1.breakdown.score, -$1.trackID) }
            for via in firstHop.prefix(Self.secondHopFrom) {
                for far in index.neighbours(of: via.trackID, limit: neighboursPerTrack) where !seedSet.contains(far.trackID) {
                    var scaled = far
                    scaled.breakdown.score *= via.breakdown.score
                    offer(scaled)
                }
            }
        }
        let neighbours = best.values.filter { !seedSet.contains($0.trackID) }
            .sorted { ($0.breakdown.score, -$0.trackID) > ($1.breakdown.score, -$1.trackID) }
        return (neighbours, cut && !secondHop)
    }

    /// Seeds a blend compares every track with (each costs a dot product with every track of
    /// the index): a seed playlist of hundreds of tracks is sampled evenly down to this many.
    static let blendSeedLimit = 24

    static func blendProbes(_ seeds: [Int64]) -> [Int64] {
        guard seeds.count > blendSeedLimit else { return seeds }
        return (0..<blendSeedLimit).map { seeds[$0 * seeds.count / blendSeedLimit] }
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
}
