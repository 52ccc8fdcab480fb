import SegueIndex

/// What playlist building needs from the similarity index: the neighbour graph around the
/// seeds, how smoothly one track follows another, and how close two genres are.
/// `SimilarityIndex` provides it; tests supply small indexes with known answers.
public protocol PlaylistIndex: Sendable {
    /// The nearest tracks to one track, best first (the stored neighbour graph when `limit`
    /// is within what the index keeps per track).
    func neighbours(of trackID: Int64, limit: Int) -> [Neighbour]
    /// The nearest tracks to several seeds at once, best first: what lies between them and
    /// what lies near each; the seeds themselves are left out.
    func neighbours(ofSeeds seeds: [Int64], limit: Int) -> [Neighbour]
    /// For each of the `steps - 2` points evenly spaced between `from` and `to`, the tracks
    /// that fit it best, best first; `from` and `to` left out.
    func waypoints(from: Int64, to: Int64, steps: Int, perStep: Int) -> [[Neighbour]]
    /// How well `to` follows `from`, in 0...1; nil when either is unknown.
    func transitionScore(from: Int64, to: Int64) -> Transition?
    /// Similarity of two genres in 0...1.
    func genreSimilarity(_ a: String, _ b: String) -> Double
}

extension SimilarityIndex: PlaylistIndex {}
