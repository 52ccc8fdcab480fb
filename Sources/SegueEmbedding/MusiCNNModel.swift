import Foundation

/// MusiCNN (Pons & Serra, "musicnn: pre-trained convolutional neural networks for music audio
/// tagging", 2019) as the `musicnn` 0.1.0 wheel builds it for `MSD_musicnn`
/// (`build_musicnn(num_filt_midend=64, num_units_backend=200)` in its `models.py`), with the
/// weights of its Million Song Dataset checkpoint, prepared once for inference:
///
/// - front end, on a 187-frame × 96-band log-mel patch behind a one-channel batch norm:
///   timbral convolutions of 7 × 38 and 7 × 67 (204 filters each, the time axis padded by 3)
///   and temporal convolutions of 128 × 1, 64 × 1 and 32 × 1 (51 filters, "same" padding),
///   each with ReLU and batch norm and max-pooled over frequency: 561 values per frame;
/// - mid end: three convolutions of 7 × width with 64 filters, ReLU and batch norm, the second
///   and third with a residual connection; frames carry the 561 + 3 × 64 = 753 values;
/// - back end: max and mean over time (1506 values), batch norm, a 200-unit dense layer with
///   ReLU and batch norm: the 200-value "penultimate" layer, which is the embedding.
///
/// The input's batch norm is folded into the front-end kernels, the back end's into the dense
/// layer; the front-end norms run after pooling (see `PooledConvBlock`). Immutable, shared by
/// every worker; each worker runs it through its own `MusiCNN`.
public final class MusiCNNModel: Sendable {
    public static let patchFrames = 187
    public static let melBands = 96
    public static let dimension = 200
    static let timbralFilters = 204
    static let temporalFilters = 51
    static let midendFilters = 64
    static let frontWidth = 2 * timbralFilters + 3 * temporalFilters
    static let featureWidth = frontWidth + 3 * midendFilters
    /// Rows of zero (or, for the raw input, pad-value) padding above and below the 7-row convolutions.
    static let timePadding = 3
    /// The temporal kernels' lengths and "same" padding before each frame: TensorFlow pads
    /// `(k − 1) / 2` before and `k / 2` after, so all three sit inside the widest one's window.
    static let temporalLengths = [128, 64, 32]
    static let temporalPaddingBefore = 63

    /// The raw input value that the input batch norm maps to 0: what the padding holds.
    let padValue: Float
    /// 7 × 38 and 7 × 67.
    let timbral: [PooledConvBlock]
    /// 128 × 1, 64 × 1, 32 × 1, as kernels over time in a plane transposed to frequency × time.
    let temporal: [PooledConvBlock]
    let midend: [MidendLayer]
    /// 1506 × 200 with the back end's batch norm folded in.
    let dense: [Float]
    let denseBias: [Float]
    let denseNorm: BatchNorm
    /// SHA-256 of the weights file.
    public let sha256: String

    /// Loads the converted weights from `directory` (`msd_musicnn.f32` and its manifest).
    public convenience init(directory: String) throws(EmbeddingError) {
        try self.init(weights: MusiCNNWeights(directory: directory))
    }

    init(weights: MusiCNNWeights) throws(EmbeddingError) {
        let input = try BatchNorm(weights, "batch_normalization", channels: 1)
        guard input.scale[0] != 0 else {
            throw .invalidWeights(path: weights.path, reason: "the input batch norm has scale 0")
        }
        padValue = -input.shift[0] / input.scale[0]

        func block(_ conv: String, _ norm: String, rows: Int, columns: Int, filters: Int) throws(EmbeddingError) -> PooledConvBlock {
            PooledConvBlock(kernelRows: rows, kernelColumns: columns,
                            kernel: try weights.tensor("\(conv)/kernel", shape: [rows, columns, 1, filters]),
                            bias: try weights.tensor("\(conv)/bias", shape: [filters]),
                            norm: try BatchNorm(weights, norm, channels: filters))
                .foldingInput(scale: input.scale[0], shift: input.shift[0])
        }
        let bands = Self.melBands
        timbral = [
            try block("conv2d", "batch_normalization_1", rows: 7, columns: Int(0.4 * Double(bands)), filters: Self.timbralFilters),
            try block("conv2d_1", "batch_normalization_2", rows: 7, columns: Int(0.7 * Double(bands)), filters: Self.timbralFilters),
        ]
        var temporal: [PooledConvBlock] = []
        for (index, length) in Self.temporalLengths.enumerated() {
            // Stored as length × 1 (time × frequency); run as 1 × length over the transposed plane.
            let stored = try block("conv2d_\(2 + index)", "batch_normalization_\(3 + index)", rows: length, columns: 1,
                                   filters: Self.temporalFilters)
            temporal.append(stored.transposed())
        }
        self.temporal = temporal

        var midend: [MidendLayer] = []
        for index in 0..<3 {
            let width = index == 0 ? Self.frontWidth : Self.midendFilters
            midend.append(MidendLayer(
                convolution: PlaneConvolution(kernelRows: 7, kernelColumns: width, filters: Self.midendFilters,
                                              kernel: try weights.tensor("conv2d_\(5 + index)/kernel",
                                                                         shape: [7, width, 1, Self.midendFilters])),
                bias: try weights.tensor("conv2d_\(5 + index)/bias", shape: [Self.midendFilters]),
                norm: try BatchNorm(weights, "batch_normalization_\(6 + index)", channels: Self.midendFilters),
                residual: index > 0))
        }
        self.midend = midend

        let pooled = 2 * Self.featureWidth
        let poolNorm = try BatchNorm(weights, "batch_normalization_9", channels: pooled)
        var dense = try weights.tensor("dense/kernel", shape: [pooled, Self.dimension])
        var denseBias = try weights.tensor("dense/bias", shape: [Self.dimension])
        // dense(scale·x + shift) = (scale ⊙ W)·x + (b + Wᵀ·shift).
        for row in 0..<pooled {
            for column in 0..<Self.dimension {
                let weight = dense[row * Self.dimension + column]
                denseBias[column] += poolNorm.shift[row] * weight
                dense[row * Self.dimension + column] = weight * poolNorm.scale[row]
            }
        }
        self.dense = dense
        self.denseBias = denseBias
        denseNorm = try BatchNorm(weights, "batch_normalization_10", channels: Self.dimension)
        sha256 = weights.sha256
    }
}
