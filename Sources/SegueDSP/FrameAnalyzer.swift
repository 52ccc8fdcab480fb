import Foundation

/// The per-frame descriptors (librosa's spectral features, zero-crossing rate, RMS), run on
/// one 2048-sample frame at a time. Owns the FFT plan and scratch buffers, reused for every
/// frame of every track; no allocation per frame.
final class FrameAnalyzer {
    let tables = SpectralTables.shared
    private let fft = RealFFT(size: FrameGeometry.fftSize)
    private let magnitude = UnsafeMutableBufferPointer<Float>.allocate(capacity: FrameGeometry.binCount)
    private let negatedMagnitude = UnsafeMutableBufferPointer<Float>.allocate(capacity: FrameGeometry.binCount)
    private let power = UnsafeMutableBufferPointer<Float>.allocate(capacity: FrameGeometry.binCount)

    deinit {
        magnitude.deallocate()
        negatedMagnitude.deallocate()
        power.deallocate()
    }

    /// Measures one frame. `frame` holds 2048 samples (zeros outside the segment);
    /// `realSamples` says which of them are real samples, not padding. Writes the frame's
    /// log-mel and contrast row (before librosa's `top_db` clipping) to `row`.
    func analyze(frame: UnsafePointer<Float>, realSamples: Range<Int>, row: UnsafeMutablePointer<Float>,
                 into summary: inout FrameSummary) {
        summary.zeroCrossingRate.add(Self.zeroCrossingRate(frame, realSamples))
        summary.rms.add(Self.rms(frame))
        spectrum(of: frame)
        summary.add(shape: spectralShape())
        summary.addChroma(chroma())
        melDecibels(into: row)
        contrast(peaks: row + MelFilterbank.bandCount, valleys: row + MelFilterbank.bandCount + SpectralTables.contrastBandCount)
    }

    /// `librosa.feature.zero_crossing_rate`: the frame is edge-padded (no crossing in the
    /// padding), values within 1e-10 of zero count as positive, and the count is divided by
    /// the frame length (librosa ≥ 0.10 calls `zero_crossings` with `pad=False`).
    private static func zeroCrossingRate(_ frame: UnsafePointer<Float>, _ real: Range<Int>) -> Double {
        let threshold: Float = -1e-10
        var crossings = 0
        var i = real.lowerBound + 1
        if real.count > 8 {
            let raw = UnsafeRawPointer(frame)
            let limit = SIMD8<Float>(repeating: threshold)
            var counts = SIMD8<Int32>(repeating: 0)
            let ones = SIMD8<Int32>(repeating: 1), zeros = SIMD8<Int32>(repeating: 0)
            while i + 8 <= real.upperBound {
                let current = raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
                let previous = raw.loadUnaligned(fromByteOffset: (i - 1) * 4, as: SIMD8<Float>.self)
                counts &+= zeros.replacing(with: ones, where: (current .< limit) .^ (previous .< limit))
                i += 8
            }
            crossings = Int(counts.wrappedSum())
        }
        while i < real.upperBound {
            crossings += (frame[i] < threshold) != (frame[i - 1] < threshold) ? 1 : 0
            i += 1
        }
        return Double(crossings) / Double(FrameGeometry.fftSize)
    }

    /// `librosa.feature.rms`: root mean square of the unwindowed, zero-padded frame.
    private static func rms(_ frame: UnsafePointer<Float>) -> Double {
        var sums = SIMD8<Float>(repeating: 0)
        let raw = UnsafeRawPointer(frame)
        for i in stride(from: 0, to: FrameGeometry.fftSize, by: 8) {
            let v = raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            sums += v * v
        }
        return (Double(sums.sum()) / Double(FrameGeometry.fftSize)).squareRoot()
    }

    /// Windowed FFT into `magnitude` (|X|, and negated) and `power` (|X|²).
    private func spectrum(of frame: UnsafePointer<Float>) {
        let input = fft.real
        tables.window.withUnsafeBufferPointer { window in
            for i in 0..<FrameGeometry.fftSize { input[i] = frame[i] * window[i] }
        }
        fft.forward()
        let bins = fft.spectrum
        for k in 0..<FrameGeometry.binCount {
            let re = bins[2 * k], im = bins[2 * k + 1]
            let p = re * re + im * im
            power[k] = p
            let m = p.squareRoot()
            magnitude[k] = m
            negatedMagnitude[k] = -m
        }
    }

    /// Centroid, bandwidth (p = 2) and 85 % roll-off on |X|, flatness on max(1e-10, |X|²),
    /// as librosa's `spectral_centroid`, `spectral_bandwidth`, `spectral_rolloff`,
    /// `spectral_flatness`.
    private func spectralShape() -> SpectralShape {
        let bins = FrameGeometry.binCount
        let vectorBins = bins & ~7
        return tables.binFrequencies.withUnsafeBufferPointer { freq in
            let f = UnsafeRawPointer(freq.baseAddress!), m = UnsafeRawPointer(magnitude.baseAddress!)
            var totals = SIMD8<Float>(repeating: 0), moments = SIMD8<Float>(repeating: 0)
            for k in stride(from: 0, to: vectorBins, by: 8) {
                let s = m.loadUnaligned(fromByteOffset: k * 4, as: SIMD8<Float>.self)
                totals += s
                moments += s * f.loadUnaligned(fromByteOffset: k * 4, as: SIMD8<Float>.self)
            }
            var total = Double(totals.sum()), weighted = Double(moments.sum())
            for k in vectorBins..<bins {
                total += Double(magnitude[k])
                weighted += Double(freq[k]) * Double(magnitude[k])
            }
            // librosa leaves near-silent frames unnormalized rather than divide by ~0.
            let norm = total < Double(Float.leastNormalMagnitude) ? 1 : total
            let centroid = weighted / norm
            let centre = SIMD8<Float>(repeating: Float(centroid))
            var spreads = SIMD8<Float>(repeating: 0)
            for k in stride(from: 0, to: vectorBins, by: 8) {
                let d = f.loadUnaligned(fromByteOffset: k * 4, as: SIMD8<Float>.self) - centre
                spreads += m.loadUnaligned(fromByteOffset: k * 4, as: SIMD8<Float>.self) * d * d
            }
            var spread = Double(spreads.sum())
            for k in vectorBins..<bins {
                let d = Double(freq[k]) - centroid
                spread += Double(magnitude[k]) * d * d
            }
            let threshold = 0.85 * total
            var cumulative = 0.0, rolloff = 0.0
            for k in 0..<bins {
                cumulative += Double(magnitude[k])
                if cumulative >= threshold { rolloff = Double(freq[k]); break }
            }
            return SpectralShape(centroid: centroid, bandwidth: (spread / norm).squareRoot(),
                                 rolloff: rolloff, flatness: flatness())
        }
    }

    /// Geometric over arithmetic mean. The geometric mean multiplies in Double and sheds
    /// the exponent every 8 bins: one `log` per frame instead of 1025.
    private func flatness() -> Double {
        var product = 1.0, exponent = 0, sum = 0.0
        var k = 0
        while k < FrameGeometry.binCount {
            let end = min(k + 8, FrameGeometry.binCount)
            while k < end {
                let p = Double(max(1e-10, power[k]))
                product *= p
                sum += p
                k += 1
            }
            exponent += Int(product.exponent)
            product = Double(sign: .plus, exponent: 0, significand: product.significand)
        }
        let n = Double(FrameGeometry.binCount)
        let logGeometric = (Double(exponent) * M_LN2 + log(product)) / n
        return exp(logGeometric) / (sum / n)
    }

    /// `librosa.feature.chroma_stft` on |X|², each frame scaled to a maximum of 1.
    private func chroma() -> SIMD16<Float> {
        var acc = SIMD16<Float>(repeating: 0)
        tables.chroma.weights.withUnsafeBufferPointer { weights in
            for k in 0..<FrameGeometry.binCount { acc += weights[k] * power[k] }
        }
        let peak = acc.max()
        return peak < Float.leastNormalMagnitude ? acc : acc / peak
    }

    /// The 128 Slaney mel energies of |X|² in dB (`power_to_db`, ref 1, amin 1e-10).
    private func melDecibels(into row: UnsafeMutablePointer<Float>) {
        tables.mel.apply(power: power.baseAddress!, into: row)
        for band in 0..<MelFilterbank.bandCount {
            row[band] = 10 * log10(max(1e-10, row[band]))
        }
    }

    /// librosa's `spectral_contrast` extremes per band on |X|: the mean of the largest and
    /// of the smallest 2 % of bins (at least one), as dB values of magnitudes (librosa
    /// applies `power_to_db` to magnitudes). The largest are the smallest of −|X|.
    private func contrast(peaks: UnsafeMutablePointer<Float>, valleys: UnsafeMutablePointer<Float>) {
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 32) { scratch in
            let list = scratch.baseAddress!, lanes = list + 16
            for band in 0..<SpectralTables.contrastBandCount {
                let (range, q) = tables.contrastBands[band]
                SmallestValues.select(q, of: UnsafeBufferPointer(rebasing: magnitude[range]), into: list, lanes: lanes)
                var low: Float = 0
                for i in 0..<q { low += list[i] }
                SmallestValues.select(q, of: UnsafeBufferPointer(rebasing: negatedMagnitude[range]), into: list, lanes: lanes)
                var high: Float = 0
                for i in stride(from: q - 1, through: 0, by: -1) { high -= list[i] }
                peaks[band] = 10 * log10(max(1e-10, high / Float(q)))
                valleys[band] = 10 * log10(max(1e-10, low / Float(q)))
            }
        }
    }
}

/// One frame's spectral shape descriptors.
struct SpectralShape {
    var centroid: Double
    var bandwidth: Double
    var rolloff: Double
    var flatness: Double
}
