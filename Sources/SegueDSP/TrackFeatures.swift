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

    /// Public too, for features measured elsewhere and carried here bit for bit (by an
    /// analysis worker process).
    public init(vector: [Float], segmentVectors: [[Float]], bpm: Double?, bpmConfidence: Double, key: String?,
                mode: String?, keyStrength: Double, loudnessLUFS: Double?, loudnessRange: Double?, energy: Double) {
        self.vector = vector
        self.segmentVectors = segmentVectors
        self.bpm = bpm
        self.bpmConfidence = bpmConfidence
        self.key = key
        self.mode = mode
        self.keyStrength = keyStrength
        self.loudnessLUFS = loudnessLUFS
        self.loudnessRange = loudnessRange
        self.energy = energy
    }
}
