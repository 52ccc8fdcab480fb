import Foundation

/// Everything the report shows, as plain values: loaded once by `ReportQueries`, then
/// rendered by pure functions, so rendering is testable without a database.
struct ReportData: Sendable {
    var generatedAt: Date
    var library: LibrarySummary
    var map: MapData
    var playlists: [PlaylistData]
    var health: HealthData

}

/// The headline numbers of the library.
struct LibrarySummary: Sendable {
    /// Tracks present on disk (not `missing_since`).
    var tracks: Int
    var missingTracks: Int
    var analysedTracks: Int
    var artists: Int
    var albums: Int
    var totalDurationMs: Int64

}

/// The analysed tracks in the plane of the sonic space's first two principal components.
struct MapData: Sendable {
    struct Point: Sendable {
        var trackID: Int64
        var x: Double
        var y: Double
        /// Index into `genres`, or nil when the track's top genre is not among them.
        var genreIndex: Int?
        var hasGenre: Bool
        /// Shown on hover: "Artist – Title".
        var label: String
    }

    var points: [Point]
    /// The most common top genres, most common first; each has its own colour.
    var genres: [String]
    /// Share of the standardized variance each axis explains.
    var explainedVariance: [Double]

}

/// One playlist of the night, track by track.
struct PlaylistData: Sendable {
    struct Entry: Sendable {
        var position: Int
        var trackID: Int64
        var artist: String
        var title: String
        var durationMs: Int?
        var bpm: Double?
        /// E.g. "A minor"; nil when unanalysed.
        var key: String?
        var energy: Double?
        var loudnessLUFS: Double?
        /// Why export chose the track, e.g. "similarity 0.82, sonic 0.90".
        var reason: String?
        var isSeed: Bool
        /// How well this track follows the previous one, in 0...1; nil for the first track
        /// or when unknown.
        var transitionScore: Double?
    }

    var id: Int64
    var name: String
    var filePath: String?
    var generatedAt: Date?
    var entries: [Entry]
    /// The constraints export had to relax to fill the playlist, in its own words; nil when
    /// export does not record them.
    var relaxations: [String]?
}

/// How the pipeline is doing.
struct HealthData: Sendable {
    struct StageRunSummary: Sendable {
        var stage: String
        var status: String
        var startedAt: Date
        var finishedAt: Date?
        /// Named counts in the order the stage recorded them (sorted by name).
        var counts: [(name: String, value: Int)]
        var message: String?
        /// Statuses of the stage's recent runs, oldest first.
        var recentStatuses: [String]
    }

    /// A group of failures: their kind (or reason) and, for a kind, one reason as example.
    struct ReasonCount: Sendable {
        var reason: String
        var count: Int
        var example: String?
    }

    struct Failure: Sendable {
        var subject: String
        var reason: String
        var attempts: Int?
    }

    struct SourceCoverage: Sendable {
        var source: String
        var tracks: Int
    }

    struct ListenSource: Sendable {
        var source: String
        var listens: Int
        var matched: Int
    }

    var stageRuns: [StageRunSummary]
    var analysisFailureReasons: [ReasonCount]
    /// The first failures, by track path.
    var analysisFailures: [Failure]
    var analysisFailureCount: Int
    /// Nil when the scan stage keeps no failures table.
    var scanFailureReasons: [ReasonCount]?
    var scanFailures: [Failure]
    var genreCoverage: [SourceCoverage]
    /// Tracks with a genre from any source, at any level.
    var tracksWithGenres: Int
    /// Nil when there is no listening history table.
    var listens: [ListenSource]?
}
