/// Krumhansl–Schmuckler key finding: the Pearson correlation of a mean chroma vector with
/// the Krumhansl–Kessler probe-tone profiles rotated to each of the 24 keys
/// (Krumhansl, "Cognitive Foundations of Musical Pitch", 1990).
enum KeyEstimator {
    static let pitchClassNames = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"]
    private static let major = [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88]
    private static let minor = [6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17]

    static func estimate(chroma: [Double]) -> KeyEstimate {
        var bestMajor = (tonic: 0, r: -Double.infinity)
        var bestMinor = (tonic: 0, r: -Double.infinity)
        for tonic in 0..<12 {
            guard let rMajor = correlation(chroma, major, tonic), let rMinor = correlation(chroma, minor, tonic) else {
                return .none
            }
            if rMajor > bestMajor.r { bestMajor = (tonic, rMajor) }
            if rMinor > bestMinor.r { bestMinor = (tonic, rMinor) }
        }
        let isMajor = bestMajor.r >= bestMinor.r
        let best = isMajor ? bestMajor : bestMinor
        return KeyEstimate(pitchClass: best.tonic, isMajor: isMajor, strength: best.r,
                           modeScore: bestMajor.r - bestMinor.r)
    }

    /// Correlation with `profile` rotated so its tonic sits on `tonic`; nil for a flat chroma.
    private static func correlation(_ chroma: [Double], _ profile: [Double], _ tonic: Int) -> Double? {
        let meanX = chroma.reduce(0, +) / 12, meanY = profile.reduce(0, +) / 12
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for pc in 0..<12 {
            let x = chroma[pc] - meanX, y = profile[(pc - tonic + 12) % 12] - meanY
            sxy += x * y
            sxx += x * x
            syy += y * y
        }
        guard sxx > 1e-12 else { return nil }
        return sxy / (sxx * syy).squareRoot()
    }
}

/// The estimated key; `pitchClass` nil when the chroma is flat (silence, pure noise).
struct KeyEstimate: Sendable, Equatable {
    var pitchClass: Int?
    var isMajor: Bool
    /// Correlation of the winning key, −1…1.
    var strength: Double
    /// Best major correlation minus best minor: > 0 leans major.
    var modeScore: Double

    static let none = KeyEstimate(pitchClass: nil, isMajor: true, strength: 0, modeScore: 0)
}
