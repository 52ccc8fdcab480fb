/// What is stored per track: the versioned vector (layout in `FeatureLayout`), one vector
/// per segment (for transitions), and the columns playlists filter on.
public struct TrackFeatures: Sendable, Equatable {
    public var vector: [Float]
    public var segmentVectors: [[Float]]
    public var bpm: Double?
    /// 0…1, see `TempoEstimate.confidence`.
    public var bpmConfidence: Double
    /// Pitch class name, e.g. "C", "F#".
    public var key: String?
    /// "major" or "minor".
    public var mode: String?
    /// Krumhansl–Schmuckler correlation of the winning key, −1…1.
    public var keyStrength: Double
    public var loudnessLUFS: Double?
    public var loudnessRange: Double?
    /// 0…1, see `Energy`.
    public var energy: Double
}
