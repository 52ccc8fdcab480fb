/// One mid-end layer of MusiCNN: a convolution over 7 frames and the full width of the frame's
/// values (so one value per frame and filter), ReLU, batch norm, and for the second and third
/// layers the previous layer's output added (`midend` in the wheel's `models.py`).
struct MidendLayer: Sendable {
    let convolution: PlaneConvolution
    let bias: [Float]
    let norm: BatchNorm
    let residual: Bool

    /// Turns the convolution's `count` rows in `values` into the layer's output, in place;
    /// `previous` is the layer's input (same layout), added when the layer is residual.
    func finish(_ values: UnsafeMutablePointer<Float>, count: Int, previous: UnsafePointer<Float>) {
        let filters = bias.count
        for row in 0..<count {
            for filter in 0..<filters {
                let index = row * filters + filter
                let normalized = max(0, values[index] + bias[filter]) * norm.scale[filter] + norm.shift[filter]
                values[index] = residual ? normalized + previous[index] : normalized
            }
        }
    }
}
