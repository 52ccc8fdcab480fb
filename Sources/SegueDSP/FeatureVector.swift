/// A feature vector under construction, in Double until it is stored as Float32.
struct FeatureVector {
    private(set) var values: [Double]

    init(dimension: Int) {
        values = [Double](repeating: 0, count: dimension)
    }

    init(_ stored: [Float], dimension: Int) {
        values = stored.map(Double.init) + [Double](repeating: 0, count: max(0, dimension - stored.count))
    }

    subscript(index: Int) -> Double {
        get { values[index] }
        set { values[index] = newValue }
    }

    mutating func set(mean: Int, std: Int, _ moments: RunningMoments) {
        values[mean] = moments.mean
        values[std] = moments.std
    }

    mutating func setChroma(_ chroma: [Double]) {
        for (i, value) in zip(FeatureLayout.chromaMean, chroma) { values[i] = value }
    }

    var chroma: [Double] {
        Array(values[FeatureLayout.chromaMean])
    }

    /// Fills the tempo, key, loudness and energy values from the measured parts.
    mutating func complete(tempo: TempoEstimate, onsetRate: Double,
                           loudness: (integrated: Double?, range: Double?)) -> MeasuredFeatures {
        let key = KeyEstimator.estimate(chroma: chroma)
        let energy = Energy.value(lufs: loudness.integrated, rmsMean: values[FeatureLayout.rms], onsetRate: onsetRate)
        values[FeatureLayout.onsetRate] = onsetRate
        values[FeatureLayout.bpm] = tempo.bpm ?? 0
        values[FeatureLayout.tempoConfidence] = tempo.confidence
        values[FeatureLayout.beatStrength] = tempo.beatStrength
        values[FeatureLayout.keyStrength] = key.strength
        values[FeatureLayout.modeScore] = key.modeScore
        values[FeatureLayout.loudness] = loudness.integrated ?? FeatureLayout.loudnessFloor
        values[FeatureLayout.loudnessRange] = loudness.range ?? 0
        values[FeatureLayout.energy] = energy
        return MeasuredFeatures(vector: values.map { Float($0) }, tempo: tempo, key: key,
                                loudnessLUFS: loudness.integrated, loudnessRange: loudness.range, energy: energy)
    }
}

/// A finished vector and the scalar results it was completed from.
struct MeasuredFeatures: Sendable, Equatable {
    var vector: [Float]
    var tempo: TempoEstimate
    var key: KeyEstimate
    var loudnessLUFS: Double?
    var loudnessRange: Double?
    var energy: Double
}
