import SegueIndex

/// A built playlist, with the reasons behind every track.
public struct PlaylistResult: Sendable {
    public var spec: PlaylistSpec
    public var seed: UInt64
    public var entries: [PlaylistEntry]
    /// What had to give, in the order it was given up.
    public var relaxations: [Relaxation]
    /// Spacing rules still broken after ordering (too few artists or albums to avoid it).
    public var spacingConflicts: Int
    /// Candidates left out, by the first rule they broke.
    public var rejected: [FilterRule: Int]
    /// The rules every track passed.
    public var rulesPassed: [FilterRule]

    public var name: String { spec.name }

    public var totalSeconds: Double {
        entries.reduce(0) { $0 + ($1.track.durationSeconds ?? 0) }
    }

    public var artistCount: Int {
        Set(entries.flatMap(\.track.artistKeys)).count
    }

    /// How many tracks are missing from the asked count (0 when complete).
    public var shortfall: Int {
        max(0, spec.rules.tracks - entries.count)
    }

    /// Mean transition score over known transitions.
    public var meanTransition: Double? {
        let known = entries.compactMap { $0.transition?.score }
        return known.isEmpty ? nil : known.reduce(0, +) / Double(known.count)
    }
}

/// One track of a playlist and why it is there.
public struct PlaylistEntry: Sendable {
    public enum Reason: Sendable, Equatable {
        case seed
        /// Near the seeds; nil breakdown for tracks taken from a mix's centre.
        case neighbour(SimilarityBreakdown?)
        /// Step `step` (1-based, the ends counted) of `of` on a path from one track to another,
        /// with how well it fits the point of the line there.
        case step(Int, of: Int, fit: SimilarityBreakdown)
    }

    public var track: TrackInfo
    public var reason: Reason
    /// How this track follows the previous one; nil for the first or when unknown.
    public var transition: Transition?
    /// Set when the track is a hub whose score was damped.
    public var hub: HubPenalty.Mark?

    public init(track: TrackInfo, reason: Reason, transition: Transition?, hub: HubPenalty.Mark? = nil) {
        self.track = track
        self.reason = reason
        self.transition = transition
        self.hub = hub
    }
}
