/// Row buffers of `DecibelFrames` (2.3 MB each at the default capacity) kept for the next
/// segment: allocating one per segment and freeing it again cost the allocator and the kernel
/// (fresh pages) about 8 % of the analysis. One per `TrackAnalyzer`, so one per worker thread.
final class DecibelRowPool {
    private var spare: [[Float]] = []

    func take() -> [Float] {
        spare.popLast() ?? []
    }

    func give(_ rows: [Float]) {
        spare.append(rows)
    }
}
