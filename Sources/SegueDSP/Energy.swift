import Foundation

/// The `energy` column, 0…1: how loud and busy a stretch of music is.
///
///     loud    = clamp((LUFS + 35) / 30)          −35 LUFS → 0, −5 LUFS → 1
///     level   = clamp((20 log10(rms_mean) + 40) / 34)   −40 dBFS → 0, −6 dBFS → 1
///     density = clamp(onset_rate / 8)             8 onsets per second → 1
///     energy  = 0.45 loud + 0.25 level + 0.30 density
///
/// Without a measurable loudness (under 400 ms, silence) `level` stands in for `loud`.
enum Energy {
    static func value(lufs: Double?, rmsMean: Double, onsetRate: Double) -> Double {
        let level = clamp((20 * log10(max(rmsMean, 1e-6)) + 40) / 34)
        let loud = lufs.map { clamp(($0 + 35) / 30) } ?? level
        let density = clamp(onsetRate / 8)
        return 0.45 * loud + 0.25 * level + 0.30 * density
    }

    private static func clamp(_ x: Double) -> Double {
        min(1, max(0, x))
    }
}
