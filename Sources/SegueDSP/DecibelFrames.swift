/// The descriptors that librosa computes from dB spectrograms clipped at `top_db = 80`
/// below the loudest value of the whole signal: MFCC, onset strength and spectral contrast.
/// The loudest value is known only at the end, so rows wait here and are measured when
/// the segment finishes. Past `capacity` frames (~95 s) the oldest half is measured early
/// against the loudest value seen so far, which bounds memory and differs from librosa
/// only where a later passage is louder than everything before it by more than 80 dB of
/// headroom in some band.
struct DecibelFrames {
    static let melWidth = MelFilterbank.bandCount
    static let contrastWidth = SpectralTables.contrastBandCount
    /// Per frame: 128 mel dB, then 7 contrast peak dB, then 7 contrast valley dB.
    static let rowWidth = melWidth + 2 * contrastWidth
    static let defaultCapacity = 4_096
    static let topDecibels: Float = 80

    /// Frames held before the oldest half is measured.
    private let capacity: Int

    private var rows: [Float] = []
    private var melMax = -Float.infinity
    private var peakMax = -Float.infinity
    private var valleyMax = -Float.infinity

    private(set) var mfcc = [RunningMoments](repeating: RunningMoments(), count: SpectralTables.mfccCount)
    private(set) var contrast = [RunningMoments](repeating: RunningMoments(), count: SpectralTables.contrastBandCount)
    /// librosa's `onset_strength` (lag 1, mean over mel bands), shifted by its
    /// centring compensation of 3 frames: the first 3 values are 0.
    private(set) var onsetEnvelope: [Float] = []
    private var previousMel = [Float](repeating: 0, count: melWidth)
    private var measuredFrames = 0

    /// - Parameter storage: an emptied row buffer to reuse (`DecibelRowPool`), so a segment
    ///   costs no allocation and no fresh pages.
    init(capacity: Int = defaultCapacity, storage: [Float] = []) {
        self.capacity = max(2, capacity)
        rows = storage
        rows.removeAll(keepingCapacity: true)
        rows.reserveCapacity(self.capacity * Self.rowWidth)
    }

    /// Hands the row buffer back once the segment is finished.
    mutating func releaseStorage() -> [Float] {
        defer { rows = [] }
        return rows
    }

    /// Appends one frame's row of width `rowWidth`; returns where to write it.
    mutating func appendRow(_ fill: (UnsafeMutablePointer<Float>) -> Void) {
        if rows.count >= capacity * Self.rowWidth { measure(frames: capacity / 2) }
        let start = rows.count
        rows.append(contentsOf: repeatElement(0, count: Self.rowWidth))
        rows.withUnsafeMutableBufferPointer { fill($0.baseAddress! + start) }
        let row = rows[start..<(start + Self.rowWidth)]
        for i in 0..<Self.melWidth { melMax = max(melMax, row[start + i]) }
        for i in 0..<Self.contrastWidth {
            peakMax = max(peakMax, row[start + Self.melWidth + i])
            valleyMax = max(valleyMax, row[start + Self.melWidth + Self.contrastWidth + i])
        }
    }

    /// Measures every waiting frame and trims the onset envelope to `frameCount`.
    mutating func finish(frameCount: Int) {
        measure(frames: rows.count / Self.rowWidth)
        if onsetEnvelope.count > frameCount { onsetEnvelope.removeLast(onsetEnvelope.count - frameCount) }
    }

    private mutating func measure(frames: Int) {
        let melFloor = melMax - Self.topDecibels
        let peakFloor = peakMax - Self.topDecibels
        let valleyFloor = valleyMax - Self.topDecibels
        let tables = SpectralTables.shared
        var coefficients = [Float](repeating: 0, count: SpectralTables.mfccCount)
        var clipped = [Float](repeating: 0, count: Self.melWidth)
        rows.withUnsafeBufferPointer { rows in
            for frame in 0..<frames {
                let row = rows.baseAddress! + frame * Self.rowWidth
                for i in 0..<Self.melWidth { clipped[i] = max(row[i], melFloor) }
                Self.cosineTransform(clipped, tables.dct, into: &coefficients)
                for k in 0..<SpectralTables.mfccCount { mfcc[k].add(Double(coefficients[k])) }
                addOnset(clipped)
                for b in 0..<Self.contrastWidth {
                    let peak = max(row[Self.melWidth + b], peakFloor)
                    let valley = max(row[Self.melWidth + Self.contrastWidth + b], valleyFloor)
                    contrast[b].add(Double(peak - valley))
                }
            }
        }
        if frames * Self.rowWidth == rows.count {
            rows.removeAll(keepingCapacity: true)
        } else {
            rows.removeFirst(frames * Self.rowWidth)
        }
    }

    private mutating func addOnset(_ mel: [Float]) {
        if measuredFrames == 0 {
            onsetEnvelope.append(contentsOf: [0, 0, 0])
        } else {
            var rise: Float = 0
            for i in 0..<Self.melWidth { rise += max(0, mel[i] - previousMel[i]) }
            onsetEnvelope.append(rise / Float(Self.melWidth))
        }
        previousMel = mel
        measuredFrames += 1
    }

    private static func cosineTransform(_ mel: [Float], _ dct: [Float], into out: inout [Float]) {
        mel.withUnsafeBufferPointer { x in
            dct.withUnsafeBufferPointer { basis in
                let xs = UnsafeRawPointer(x.baseAddress!)
                let bs = UnsafeRawPointer(basis.baseAddress!)
                for k in 0..<SpectralTables.mfccCount {
                    var acc = SIMD8<Float>(repeating: 0)
                    for i in stride(from: 0, to: melWidth, by: 8) {
                        acc += xs.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
                            * bs.loadUnaligned(fromByteOffset: (k * melWidth + i) * 4, as: SIMD8<Float>.self)
                    }
                    out[k] = acc.sum()
                }
            }
        }
    }
}
