/// Inference-time batch normalization as TensorFlow computes it,
/// `y = γ (x − μ) / √(σ² + ε) + β` with `tf.compat.v1.layers.batch_normalization`'s ε = 0.001,
/// kept in the form TensorFlow evaluates it: `y = scale · x + shift` per channel.
struct BatchNorm: Sendable {
    static let epsilon: Float = 0.001

    var scale: [Float]
    var shift: [Float]

    init(gamma: [Float], beta: [Float], mean: [Float], variance: [Float]) {
        scale = zip(gamma, variance).map { $0 / ($1 + Self.epsilon).squareRoot() }
        shift = zip(zip(beta, mean), scale).map { $0.0 - $0.1 * $1 }
    }

    /// The statistics of layer `name` (`batch_normalization_3`) with `channels` channels.
    init(_ weights: MusiCNNWeights, _ name: String, channels: Int) throws(EmbeddingError) {
        self.init(gamma: try weights.tensor("\(name)/gamma", shape: [channels]),
                  beta: try weights.tensor("\(name)/beta", shape: [channels]),
                  mean: try weights.tensor("\(name)/moving_mean", shape: [channels]),
                  variance: try weights.tensor("\(name)/moving_variance", shape: [channels]))
    }

    /// Normalizes `count` rows of `scale.count` channels, `stride` floats apart, in place.
    func apply(_ rows: UnsafeMutablePointer<Float>, count: Int, stride: Int) {
        for row in 0..<count {
            let values = rows + row * stride
            for channel in 0..<scale.count {
                values[channel] = values[channel] * scale[channel] + shift[channel]
            }
        }
    }
}
