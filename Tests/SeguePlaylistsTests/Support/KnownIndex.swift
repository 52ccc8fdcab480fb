import SegueIndex
@testable import SeguePlaylists

/// A similarity index with known answers: each track sits at a point on a line (similarity
/// falls with distance) and has an opening and a closing "colour" on a circle (a transition
/// is smooth when one track's closing colour is near the next one's opening colour).
struct KnownIndex: PlaylistIndex {
    struct Point {
        var position: Double
        var opening: Double
        var closing: Double
        var genre: Double?
    }

    var points: [Int64: Point]
    /// Similarity of genre pairs; equal genres are 1, unknown pairs 0.
    var genrePairs: [Set<String>: Double] = [:]

    func neighbours(of trackID: Int64, limit: Int) -> [Neighbour] {
        points.keys.filter { $0 != trackID }
            .map { id in Neighbour(trackID: id, breakdown: breakdown(id, seeds: [trackID])) }
            .sorted { ($0.breakdown.score, -$0.trackID) > ($1.breakdown.score, -$1.trackID) }
            .prefix(limit).map { $0 }
    }

    func neighbours(ofSeeds seeds: [Int64], limit: Int) -> [Neighbour] {
        points.keys.filter { !seeds.contains($0) }
            .map { id in Neighbour(trackID: id, breakdown: breakdown(id, seeds: seeds)) }
            .sorted { ($0.breakdown.score, -$0.trackID) > ($1.breakdown.score, -$1.trackID) }
            .prefix(limit).map { $0 }
    }

    /// Points evenly spaced on the line between the two tracks' positions.
    func waypoints(from: Int64, to: Int64, steps: Int, perStep: Int) -> [[Neighbour]] {
        guard steps > 2, let start = points[from]?.position, let end = points[to]?.position else { return [] }
        return (1..<(steps - 1)).map { step in
            let target = start + (end - start) * Double(step) / Double(steps - 1)
            return points.filter { $0.key != from && $0.key != to }
                .map { Neighbour(trackID: $0.key, breakdown: SimilarityBreakdown(score: 1 - abs($0.value.position - target), sonic: nil,
                                                                                genre: nil, artistBoost: 0)) }
                .sorted { ($0.breakdown.score, -$0.trackID) > ($1.breakdown.score, -$1.trackID) }
                .prefix(perStep).map { $0 }
        }
    }

    func transitionScore(from: Int64, to: Int64) -> Transition? {
        guard let a = points[from], let b = points[to] else { return nil }
        let distance = abs(a.closing - b.opening).truncatingRemainder(dividingBy: 1)
        let score = 1 - 2 * min(distance, 1 - distance)
        return Transition(score: score, timbre: score, tempo: score, key: score)
    }

    func genreSimilarity(_ a: String, _ b: String) -> Double {
        a == b ? 1 : genrePairs[[a, b]] ?? 0
    }

    private func breakdown(_ id: Int64, seeds: [Int64]) -> SimilarityBreakdown {
        guard let point = points[id] else { return SimilarityBreakdown(score: 0, sonic: nil, genre: nil, artistBoost: 0) }
        let score = seeds.compactMap { points[$0] }.map { 1 - abs($0.position - point.position) }.max() ?? 0
        return SimilarityBreakdown(score: score, sonic: score, genre: point.genre, artistBoost: 0)
    }
}
