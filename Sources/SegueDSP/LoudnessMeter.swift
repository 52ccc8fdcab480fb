import CEBUR128

/// EBU R128 integrated loudness and loudness range of everything fed, by libebur128.
/// Several meters (a track's segments) combine with libebur128's `_multiple` functions,
/// which gate over the union of their blocks, as if the audio had been one stream.
final class LoudnessMeter: @unchecked Sendable {
    // @unchecked: the state is mutated only through `add` while its segment is being
    // consumed on one thread; once a `SegmentFeatures` holds it, it is only read.
    private var state: UnsafeMutablePointer<ebur128_state>?

    init() {
        let mode = Int32(EBUR128_MODE_I.rawValue | EBUR128_MODE_LRA.rawValue)
        state = ebur128_init(1, UInt(FrameGeometry.sampleRate), mode)
    }

    deinit {
        ebur128_destroy(&state)
    }

    func add(_ samples: UnsafeBufferPointer<Float>) {
        guard let state, let base = samples.baseAddress, !samples.isEmpty else { return }
        ebur128_add_frames_float(state, base, samples.count)
    }

    /// Integrated loudness in LUFS, nil when nothing passed the gates (silence, < 400 ms).
    /// Range in LU, nil likewise (it needs 3 s short-term blocks).
    static func measure(_ meters: [LoudnessMeter]) -> (integrated: Double?, range: Double?) {
        var states = meters.map(\.state)
        guard !states.isEmpty, states.allSatisfy({ $0 != nil }) else { return (nil, nil) }
        var integrated = -Double.infinity, range = 0.0
        let count = states.count
        let globalStatus = ebur128_loudness_global_multiple(&states, count, &integrated)
        let rangeStatus = ebur128_loudness_range_multiple(&states, count, &range)
        let lufs = globalStatus == EBUR128_SUCCESS.rawValue && integrated.isFinite ? integrated : nil
        let lra = rangeStatus == EBUR128_SUCCESS.rawValue && range.isFinite && lufs != nil ? range : nil
        return (lufs, lra)
    }
}
