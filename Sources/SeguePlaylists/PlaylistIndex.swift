import SegueIndex

/// What playlist building needs from the similarity index: candidates around seeds, why two
/// tracks are alike, and how smoothly one follows another. `SimilarityIndex` provides it;
/// tests supply small indexes with known answers.
public protocol PlaylistIndex: Sendable {
    /// The nearest tracks to a set of seeds, best first.
    func neighbours(ofSeeds seeds: [Int64], limit: Int) -> [Neighbour]
    /// How well `to` follows `from`, in 0...1; nil when either is unknown.
    func transitionScore(from: Int64, to: Int64) -> Transition?
    func similarity(_ a: Int64, _ b: Int64) -> SimilarityBreakdown
    /// Similarity of two genres in 0...1.
    func genreSimilarity(_ a: String, _ b: String) -> Double
}

extension SimilarityIndex: PlaylistIndex {}
