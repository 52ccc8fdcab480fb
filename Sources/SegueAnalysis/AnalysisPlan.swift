/// Which stretches of a track are measured, in output samples: the beginning, middle and end
/// windows, reached by seeking; a track shorter than the three windows is cut into thirds and
/// decoded whole; in `full` mode the whole track is decoded once, feeding the windows and a
/// whole-track accumulator as it passes.
struct AnalysisPlan: Equatable {
    /// `start ..< end`; a nil end runs to the end of the stream.
    struct Stretch: Equatable {
        var start: Int
        var end: Int?

        var length: Int? { end.map { $0 - start } }
    }

    /// Beginning, middle, end.
    var windows: [Stretch]
    /// What is decoded, in order; windows that touch are decoded in one read.
    var reads: [Stretch]
    /// Whether a whole-track accumulator is fed as well.
    var wholeTrack: Bool
    /// The length the plan was made for (declared or measured).
    var totalSamples: Int

    init(totalSamples total: Int, windowSamples window: Int, wholeTrack: Bool) {
        self.totalSamples = total
        self.wholeTrack = wholeTrack
        if total >= 3 * window {
            let middle = (total - window) / 2
            windows = [Stretch(start: 0, end: window), Stretch(start: middle, end: middle + window),
                       Stretch(start: total - window, end: total)]
        } else {
            // The last third runs on to the real end, should the declared length fall short.
            windows = [Stretch(start: 0, end: total / 3), Stretch(start: total / 3, end: 2 * total / 3),
                       Stretch(start: 2 * total / 3, end: nil)]
        }
        if wholeTrack {
            reads = [Stretch(start: 0, end: nil)]
        } else {
            reads = []
            for window in windows {
                if let last = reads.last, let lastEnd = last.end, window.start <= lastEnd {
                    reads[reads.count - 1].end = window.end.map { max($0, lastEnd) }
                } else {
                    reads.append(window)
                }
            }
        }
    }

    /// Whether the plan decodes the whole track (so its length is measured, not declared).
    var coversWholeTrack: Bool {
        reads.count == 1 && reads[0].start == 0 && reads[0].end == nil
    }
}
