import Foundation

/// Damps the neighbour score of tracks that are everyone's neighbour, so a few tracks do not
/// turn up in every playlist: a track listed among the nearest of more than `threshold`
/// times as many tracks as the median track is a hub, and its score is multiplied by
/// `(threshold × median / in-degree) ^ damping`.
public struct HubPenalty: Sendable {
    public struct Mark: Sendable, Equatable {
        /// How many tracks list this one among their `NeighbourFacts.hubRanks` nearest.
        public var inDegree: Int
        public var median: Int
        /// What the neighbour score is multiplied by, in (0, 1).
        public var factor: Double
    }

    let facts: NeighbourFacts
    let threshold: Double
    let damping: Double

    public init(facts: NeighbourFacts, threshold: Double, damping: Double) {
        self.facts = facts
        self.threshold = threshold
        self.damping = damping
    }

    /// No penalty at all (tests, or a library without a neighbour graph).
    public static let none = HubPenalty(facts: NeighbourFacts(), threshold: 1, damping: 0)

    /// The penalty of a hub; nil for every other track.
    public func mark(_ trackID: Int64) -> Mark? {
        guard damping > 0, let degree = facts.inDegree[trackID] else { return nil }
        let limit = threshold * Double(max(1, facts.medianInDegree))
        guard Double(degree) > limit else { return nil }
        return Mark(inDegree: degree, median: facts.medianInDegree, factor: pow(limit / Double(degree), damping))
    }
}
