import SegueCore

// CONTRACT STUB (owned by the index work): the API playlist export calls. Keep these
// signatures; add freely. Replace the bodies with the real index.

/// The nightly similarity index, loaded lazily from the database for export.
public final class SimilarityIndex: Sendable {
    /// Track ids present in the index.
    public let trackIDs: [Int64]

    /// Loads the index `segue-index` built; throws when there is none.
    public static func load(database: AppDatabase) throws -> SimilarityIndex {
        SimilarityIndex(trackIDs: [])
    }

    init(trackIDs: [Int64]) {
        self.trackIDs = trackIDs
    }

    /// The nearest tracks to one track, best first.
    public func neighbours(of trackID: Int64, limit: Int) -> [Neighbour] {
        []
    }

    /// The nearest tracks to a set of seeds (their centroid and each seed), best first.
    public func neighbours(ofSeeds seeds: [Int64], limit: Int) -> [Neighbour] {
        []
    }

    /// How well `to` follows `from`: end segment of `from` against the beginning of `to`,
    /// tempo and key compatibility; in 0...1, higher is smoother. Nil when either is unknown.
    public func transitionScore(from: Int64, to: Int64) -> Transition? {
        nil
    }

    /// Why two tracks are similar.
    public func similarity(_ a: Int64, _ b: Int64) -> SimilarityBreakdown {
        SimilarityBreakdown(score: 0, sonic: nil, genre: nil, artistBoost: 0)
    }

    /// Similarity of two genres in 0...1.
    public func genreSimilarity(_ a: String, _ b: String) -> Double {
        a == b ? 1 : 0
    }
}

public struct Neighbour: Sendable, Equatable {
    public var trackID: Int64
    public var breakdown: SimilarityBreakdown

    public init(trackID: Int64, breakdown: SimilarityBreakdown) {
        self.trackID = trackID
        self.breakdown = breakdown
    }
}

public struct SimilarityBreakdown: Sendable, Equatable {
    public var score: Double
    /// Nil when either track has no sonic features.
    public var sonic: Double?
    /// Nil when either track has no genres.
    public var genre: Double?
    public var artistBoost: Double

    public init(score: Double, sonic: Double?, genre: Double?, artistBoost: Double) {
        self.score = score
        self.sonic = sonic
        self.genre = genre
        self.artistBoost = artistBoost
    }
}

public struct Transition: Sendable, Equatable {
    public var score: Double
    public var timbre: Double
    public var tempo: Double
    public var key: Double

    public init(score: Double, timbre: Double, tempo: Double, key: Double) {
        self.score = score
        self.timbre = timbre
        self.tempo = tempo
        self.key = key
    }
}
