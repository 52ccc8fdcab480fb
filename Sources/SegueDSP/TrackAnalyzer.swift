// CONTRACT STUB (owned by the DSP work): the API the analyze stage calls. Keep these
// signatures; add freely. Replace the bodies with the real DSP.

/// Measures the decoded audio of one track: mono Float32 at `sampleRate`, fed segment by
/// segment (beginning, middle, end; and the whole track in `full` mode), chunk by chunk, so a
/// 3-hour mix never has to sit in memory. One analyzer per worker thread: it owns the FFT
/// plans and buffers and reuses them across tracks.
public final class TrackAnalyzer {
    public static let sampleRate = 22_050

    public init() {}

    /// Starts a new stretch of audio (one segment).
    public func beginSegment() -> SegmentAccumulator {
        SegmentAccumulator()
    }

    /// Combines the finished segments into the track's vector and scalar columns.
    /// Loudness is measured on everything that was fed, across segments.
    public func finishTrack(segments: [SegmentFeatures], whole: SegmentFeatures?) -> TrackFeatures {
        TrackFeatures(vector: [], segmentVectors: segments.map(\.vector), bpm: nil, bpmConfidence: 0,
                      key: nil, mode: nil, keyStrength: 0, loudnessLUFS: nil, loudnessRange: nil, energy: 0)
    }
}

/// Consumes one segment's samples in chunks of any size.
public final class SegmentAccumulator {
    public private(set) var sampleCount = 0

    public func consume(_ samples: UnsafeBufferPointer<Float>) {
        sampleCount += samples.count
    }

    public func finish() -> SegmentFeatures {
        SegmentFeatures(vector: [])
    }
}

/// The features of one segment, in the layout of `FeatureLayout`.
public struct SegmentFeatures: Sendable, Equatable {
    public var vector: [Float]
}

/// What is stored per track: the versioned vector (layout in the README), one vector per
/// segment (for transitions), and the columns playlists filter on.
public struct TrackFeatures: Sendable, Equatable {
    public var vector: [Float]
    public var segmentVectors: [[Float]]
    public var bpm: Double?
    public var bpmConfidence: Double
    /// Pitch class name, e.g. "C", "F#".
    public var key: String?
    /// "major" or "minor".
    public var mode: String?
    public var keyStrength: Double
    public var loudnessLUFS: Double?
    public var loudnessRange: Double?
    public var energy: Double
}

/// The layout of the feature vector; bump `version` whenever values or layout change.
public enum FeatureLayout {
    public static let version = 1
}
