/// Counts onsets in an onset envelope the way `librosa.onset.onset_detect` picks peaks at
/// 22,050 Hz / hop 512 (envelope scaled to 0…1; a peak is a local maximum over the previous
/// frame, at least 0.07 above the mean of the 4 frames before to 4 after, and more than
/// one frame after the previous peak). Unlike librosa, a peak must also rise `minimumRise`
/// above that mean in onset-strength units (dB averaged over mel bands): scaling a flat
/// envelope to 0…1 would otherwise turn the ripple of a sustained sound into onsets.
enum OnsetPeaks {
    static let minimumRise: Float = 0.5

    static func count(_ envelope: [Float]) -> Int {
        guard let low = envelope.min(), let high = envelope.max(), high > low else { return 0 }
        let scale = 1 / (high - low)
        let x = envelope.map { ($0 - low) * scale }
        var peaks = 0, last = Int.min / 2
        for n in x.indices {
            guard n == 0 || x[n] >= x[n - 1], x[n] > 0 else { continue }
            let window = max(0, n - 4)..<min(x.count, n + 5)
            let average = window.reduce(Float(0)) { $0 + x[$1] } / Float(window.count)
            let rise = (x[n] - average) / scale
            if x[n] >= average + 0.07 && rise >= minimumRise && n > last + 1 {
                peaks += 1
                last = n
            }
        }
        return peaks
    }
}
