import SegueIndex

/// Whether two files hold the same audio: the test behind the third rule of `DuplicateFinder`.
///
/// The index's sound vector alone cannot tell: a lossy encoder moves the least robust
/// features (contrast of nearly empty bands, the tempo of music without a beat), while two
/// different takes of one synthetic style can be as close as a copy. So a pair must be near
/// in the index (its sonic cosine at least `sonicCosine`, among each other's nearest
/// neighbours), and agree on what an encoder keeps: the chroma profile (cosine at least
/// `chromaCosine`), the integrated loudness (within `loudnessTolerance` LU) and the length
/// (within `durationTolerance`). Calibrated on the generated library (`PlaylistRulesTests`):
/// FLAC, WAV and ALAC tracks copied to 128 kbit/s MP3 measured sonic cosine 0.98 to 0.998,
/// chroma cosine above 0.9998 and 0.4–0.5 LU quieter; the closest different tracks either
/// stayed below 0.97, or differed in chroma (0.39–0.69 for two sparse tones a semitone apart)
/// or in loudness (1.3 LU or more for two noise textures at 0.9998 chroma).
public enum SameAudio {
    public static let sonicCosine = 0.97
    public static let chromaCosine = 0.9995
    public static let loudnessTolerance = 1.0
    public static let durationTolerance = 1.0

    /// What an encoder keeps of a track.
    public struct Profile: Sendable, Equatable {
        public var chroma: [Float]
        public var loudness: Double?
        public var durationSeconds: Double?

        public init(chroma: [Float], loudness: Double?, durationSeconds: Double?) {
            self.chroma = chroma
            self.loudness = loudness
            self.durationSeconds = durationSeconds
        }
    }

    /// The chroma means in a feature vector (the harmony family's first range).
    public static let chromaRange = FeatureGroups.standard.groups.first { $0.family == .harmony }!.range

    /// For a pair already near in the index: whether the rest agrees.
    public static func isSameAudio(_ a: Profile, _ b: Profile) -> Bool {
        guard a.chroma.count == b.chroma.count, !a.chroma.isEmpty else { return false }
        if let x = a.loudness, let y = b.loudness, abs(x - y) > loudnessTolerance { return false }
        if let x = a.durationSeconds, let y = b.durationSeconds, abs(x - y) > durationTolerance { return false }
        var dot = 0.0, normA = 0.0, normB = 0.0
        for (x, y) in zip(a.chroma, b.chroma) {
            dot += Double(x) * Double(y)
            normA += Double(x) * Double(x)
            normB += Double(y) * Double(y)
        }
        return normA > 0 && normB > 0 && dot / (normA * normB).squareRoot() >= chromaCosine
    }
}
