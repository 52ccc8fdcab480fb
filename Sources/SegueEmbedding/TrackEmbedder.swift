/// A track's MusiCNN embedding: the mean of the penultimate layer over a few patches of each
/// analysis window. Fed the windows' 16 kHz samples as they are decoded, in chunks of any size;
/// one per worker process, reused from track to track, with no allocation per patch.
public final class TrackEmbedder {
    /// The rate the model was trained on: the decoder's second stream.
    public static let sampleRate = LogMelFrontEnd.sampleRate

    public let network: MusiCNN
    public let patchesPerWindow: Int
    private let frontEnd = LogMelFrontEnd()
    private var windows: [WindowPatches] = []
    private var open = 0
    private var output = [Float](repeating: 0, count: MusiCNNModel.dimension)

    public init(model: MusiCNNModel, patchesPerWindow: Int) {
        precondition(patchesPerWindow > 0, "at least one patch per window")
        network = MusiCNN(model: model)
        self.patchesPerWindow = patchesPerWindow
    }

    /// Starts a track whose windows are planned to hold these many 16 kHz samples.
    public func begin(windowSamples: [Int]) {
        while windows.count < windowSamples.count {
            windows.append(WindowPatches(capacity: patchesPerWindow))
        }
        for (window, samples) in zip(windows, windowSamples) {
            window.reset(plannedSamples: samples)
        }
        open = windowSamples.count
    }

    /// The next samples of window `index`.
    public func consume(window index: Int, _ samples: UnsafeBufferPointer<Float>) {
        windows[index].consume(samples, frontEnd: frontEnd)
    }

    /// Runs the model on every patch of the track's windows and averages their embeddings.
    public func finish() -> TrackEmbedding {
        var sum = [Double](repeating: 0, count: MusiCNNModel.dimension)
        var patches = 0
        for window in windows.prefix(open) {
            window.finish(frontEnd: frontEnd)
            for index in 0..<window.patchCount {
                output.withUnsafeMutableBufferPointer { output in
                    network.embed(window.patch(index), into: output.baseAddress!)
                }
                for unit in 0..<MusiCNNModel.dimension { sum[unit] += Double(output[unit]) }
                patches += 1
            }
        }
        open = 0
        return TrackEmbedding(vector: sum.map { Float($0 / Double(max(1, patches))) }, patches: patches)
    }
}
