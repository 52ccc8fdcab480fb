/// The layout of the feature vector stored in `sonic_features.vector` (Float32 LE).
/// Bump `version` whenever a value or the layout changes.
///
/// Version 1. A segment vector has 90 values, a track vector 95: the same 90, aggregated
/// over the track, then 5 between-segment spreads. "mean, std" pairs are over the STFT
/// frames (n_fft 2048, hop 512, Hann, 22,050 Hz, centred, zero-padded); for a track they
/// are pooled over the frames of all its segments (or taken from the whole track in
/// `full` mode).
///
/// | index | name | |
/// |---|---|---|
/// | 0–19 | `mfcc_mean[0…19]` | MFCC (128 Slaney mels, dB with top_db 80, DCT-II ortho) |
/// | 20–39 | `mfcc_std[0…19]` | |
/// | 40, 41 | `centroid_mean`, `centroid_std` | Hz |
/// | 42, 43 | `bandwidth_mean`, `bandwidth_std` | Hz |
/// | 44, 45 | `rolloff_mean`, `rolloff_std` | Hz, 85 % |
/// | 46, 47 | `flatness_mean`, `flatness_std` | 0…1 |
/// | 48–54 | `contrast_mean[0…6]` | dB, bands <200, 200–400, …, 3.2–6.4 k, >6.4 kHz |
/// | 55–61 | `contrast_std[0…6]` | |
/// | 62, 63 | `zcr_mean`, `zcr_std` | crossings per sample |
/// | 64, 65 | `rms_mean`, `rms_std` | linear, full scale = 1 |
/// | 66–77 | `chroma_mean[C…B]` | each frame scaled to max 1, tuning 0 |
/// | 78, 79, 80 | `onset_mean`, `onset_std`, `onset_max` | librosa onset strength |
/// | 81 | `onset_rate` | onsets per second (`OnsetPeaks`) |
/// | 82, 83, 84 | `bpm`, `tempo_confidence`, `beat_strength` | librosa tempo refined between lags; 0…1; onset units (`TempoEstimate`); bpm 0 when none |
/// | 85, 86 | `key_strength`, `mode_score` | Krumhansl–Schmuckler correlation of the key; best major − best minor |
/// | 87, 88 | `loudness_lufs`, `loudness_range_lu` | EBU R128; −70 / 0 when unmeasurable |
/// | 89 | `energy` | 0…1, see `Energy` |
/// | 90–94 | `spread_rms`, `spread_centroid`, `spread_flatness`, `spread_onset`, `spread_loudness` | track only: std across segments of the segment means (0 with one segment) |
public enum FeatureLayout {
    public static let version = 1
    public static let segmentDimension = 90
    public static let trackDimension = 95

    public static let mfccMean = 0..<20
    public static let mfccStd = 20..<40
    /// Index of a feature's frame mean; its standard deviation follows at `+ 1`.
    public static let centroid = 40
    public static let bandwidth = 42
    public static let rolloff = 44
    public static let flatness = 46
    public static let contrastMean = 48..<55
    public static let contrastStd = 55..<62
    public static let zeroCrossingRate = 62
    public static let rms = 64
    public static let chromaMean = 66..<78
    public static let onsetMean = 78
    public static let onsetStd = 79
    public static let onsetMax = 80
    public static let onsetRate = 81
    public static let bpm = 82
    public static let tempoConfidence = 83
    public static let beatStrength = 84
    public static let keyStrength = 85
    public static let modeScore = 86
    public static let loudness = 87
    public static let loudnessRange = 88
    public static let energy = 89
    /// Track only, in this order: RMS, centroid, flatness, onset, loudness.
    public static let segmentSpread = 90..<95

    /// Stored for unmeasurable loudness (silence, under 400 ms): the R128 absolute gate.
    public static let loudnessFloor = -70.0

    /// The (mean index, std index) pairs pooled frame-weighted across segments.
    static let meanStdPairs: [(mean: Int, std: Int)] =
        zip(mfccMean, mfccStd).map { ($0, $1) }
        + [centroid, bandwidth, rolloff, flatness, zeroCrossingRate, rms].map { ($0, $0 + 1) }
        + zip(contrastMean, contrastStd).map { ($0, $1) }
        + [(onsetMean, onsetStd)]
}
