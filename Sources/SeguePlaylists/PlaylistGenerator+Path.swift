import Foundation
import SegueIndex

extension PlaylistGenerator {
    /// Tracks the index offers for each step of a path; the best that passes the rules is taken.
    static let pathCandidatesPerStep = 40

    /// A playlist that starts at `ends.from`, ends at `ends.to` and moves through the sound
    /// space in even steps: each point on the line between them is filled by the best-fitting
    /// track not used yet (one copy per recording, the rules' exclusions, lengths, ranges and
    /// per-artist cap), and neighbouring steps then swap places wherever that makes the
    /// transitions smoother, so the path keeps its direction.
    func path(_ ends: PlaylistSpec.PathEnds, spec: PlaylistSpec, seed: UInt64) throws -> PlaylistResult {
        let rules = spec.rules
        let steps = max(2, rules.tracks)
        let filter = try CandidateFilter(rules: rules, relaxed: [], month: calendar.component(.month, from: now), recentlyPlayed: [],
                                         rotation: [], members: nil, duplicates: duplicates, catalog: catalog)
        let waypoints = index.waypoints(from: ends.from, to: ends.to, steps: steps, perStep: Self.pathCandidatesPerStep)
        let known = try catalog.tracks([ends.from, ends.to] + waypoints.flatMap { $0.map(\.trackID) })
        guard let first = known[ends.from], let last = known[ends.to] else {
            return PlaylistResult(spec: spec, seed: seed, entries: [], relaxations: [], spacingConflicts: 0, rejected: [:],
                                  rulesPassed: filter.activeRules)
        }
        var used: Set<Int64> = [duplicates.key(of: first.id), duplicates.key(of: last.id)]
        var perArtist: [String: Int] = [:]
        for key in first.artistKeys + last.artistKeys { perArtist[key, default: 0] += 1 }
        var rejected: [FilterRule: Int] = [:]
        var judged: Set<Int64> = []
        var chosen: [(track: TrackInfo, reason: PlaylistEntry.Reason)] = [(first, .seed)]
        for (offset, candidates) in waypoints.enumerated() {
            let step = offset + 2
            for candidate in candidates {
                guard let track = known[candidate.trackID] else { continue }
                if let rule = filter.rejection(of: track, genreScore: nil) {
                    if judged.insert(track.id).inserted { rejected[rule, default: 0] += 1 }
                    continue
                }
                guard !used.contains(duplicates.key(of: track.id)),
                      track.artistKeys.allSatisfy({ perArtist[$0, default: 0] < rules.maxPerArtist }) else { continue }
                used.insert(duplicates.key(of: track.id))
                for key in track.artistKeys { perArtist[key, default: 0] += 1 }
                chosen.append((track, .step(step, of: steps, fit: candidate.breakdown)))
                break
            }
        }
        chosen.append((last, .seed))
        let order = smoothed(chosen.map(\.track.id))
        var entries: [PlaylistEntry] = []
        for (position, item) in order.enumerated() {
            let transition = position == 0 ? nil : index.transitionScore(from: chosen[order[position - 1]].track.id, to: chosen[item].track.id)
            entries.append(PlaylistEntry(track: chosen[item].track, reason: chosen[item].reason, transition: transition))
        }
        return PlaylistResult(spec: spec, seed: seed, entries: entries, relaxations: [], spacingConflicts: 0, rejected: rejected,
                              rulesPassed: filter.activeRules)
    }

    /// Positions of `ids` after swapping neighbouring inner tracks while a swap raises the sum
    /// of the transitions around them; the ends stay put.
    func smoothed(_ ids: [Int64]) -> [Int] {
        var order = Array(ids.indices)
        func score(_ a: Int, _ b: Int) -> Double { index.transitionScore(from: ids[a], to: ids[b])?.score ?? 0.5 }
        var improved = true
        var passes = 0
        while improved, passes < ids.count {
            improved = false
            passes += 1
            for position in stride(from: 1, to: order.count - 2, by: 1) {
                let before = order[position - 1], a = order[position], b = order[position + 1], after = order[position + 2]
                if score(before, b) + score(b, a) + score(a, after) > score(before, a) + score(a, b) + score(b, after) + 1e-9 {
                    order.swapAt(position, position + 1)
                    improved = true
                }
            }
        }
        return order
    }
}
