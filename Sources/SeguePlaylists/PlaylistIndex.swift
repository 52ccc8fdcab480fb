import SegueIndex

/// What playlist building needs from the similarity index: the neighbour graph around the
/// seeds, how smoothly one track follows another, and how close two genres are.
/// `SimilarityIndex` provides it; tests supply small indexes with known answers.
public protocol PlaylistIndex: Sendable {
    /// The nearest tracks to one track, best first (the stored neighbour graph when `limit`
    /// is within what the index keeps per track).
    func neighbours(of trackID: Int64, limit: Int) -> [Neighbour]
    /// How well `to` follows `from`, in 0...1; nil when either is unknown.
    func transitionScore(from: Int64, to: Int64) -> Transition?
    /// Similarity of two genres in 0...1.
    func genreSimilarity(_ a: String, _ b: String) -> Double
}

extension SimilarityIndex: PlaylistIndex {}
