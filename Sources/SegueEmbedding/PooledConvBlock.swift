/// One front-end block of MusiCNN: `conv2d` with ReLU, batch norm, then max-pooling over every
/// frequency (`timbral_block` and `tempo_block` of the wheel's `models.py`).
///
/// Evaluated as convolution → max over frequency → ReLU → batch norm, so the normalization runs
/// on 187 pooled rows instead of 187 × 59 positions: max-pooling commutes with ReLU, and with the
/// normalization wherever its scale is positive. Where the scale is negative, the max of the
/// normalized values is the normalization of the min, which is the max of the negated
/// convolution: those filters are negated at load (`sign`), so one max-pool serves every filter.
struct PooledConvBlock: Sendable {
    /// Kernel and bias multiplied by `sign` (and by the input normalization, see `MusiCNNModel`).
    let convolution: PlaneConvolution
    let bias: [Float]
    /// +1 or −1 per filter: the sign of the batch norm's scale.
    let sign: [Float]
    let norm: BatchNorm

    /// - Parameters:
    ///   - kernel: TensorFlow's `conv2d/kernel`, (rows · columns) × filters.
    ///   - bias: `conv2d/bias`.
    init(kernelRows: Int, kernelColumns: Int, kernel: [Float], bias: [Float], norm: BatchNorm) {
        let filters = bias.count
        let sign: [Float] = norm.scale.map { $0 < 0 ? -1 : 1 }
        var signed = kernel
        for index in signed.indices { signed[index] *= sign[index % filters] }
        convolution = PlaneConvolution(kernelRows: kernelRows, kernelColumns: kernelColumns, filters: filters, kernel: signed)
        self.bias = zip(bias, sign).map { $0 * $1 }
        self.sign = sign
        self.norm = norm
    }

    var filters: Int { bias.count }

    /// Folds in the normalization `y = scale · x + shift` of the block's input: the kernel is
    /// scaled, and the bias takes `shift` times the kernel's sum. Exact where the kernel lies
    /// inside the input; the zero padding of the normalized input becomes padding with
    /// `−shift / scale` in the raw input, which the caller applies.
    func foldingInput(scale: Float, shift: Float) -> PooledConvBlock {
        let filters = self.filters
        var sums = [Float](repeating: 0, count: filters)
        for (index, weight) in convolution.kernel.enumerated() { sums[index % filters] += weight }
        let kernel = convolution.kernel.map { $0 * scale }
        return PooledConvBlock(convolution: PlaneConvolution(kernelRows: convolution.kernelRows,
                                                             kernelColumns: convolution.kernelColumns,
                                                             filters: filters, kernel: kernel),
                               bias: zip(bias, sums).map { $0 + shift * $1 }, sign: sign, norm: norm)
    }

    /// The same block run over the transposed plane. Only for a kernel of one row or one
    /// column, whose weights keep their order.
    func transposed() -> PooledConvBlock {
        precondition(convolution.kernelRows == 1 || convolution.kernelColumns == 1, "only a one-dimensional kernel transposes in place")
        return PooledConvBlock(convolution: PlaneConvolution(kernelRows: convolution.kernelColumns,
                                                             kernelColumns: convolution.kernelRows,
                                                             filters: filters, kernel: convolution.kernel),
                               bias: bias, sign: sign, norm: norm)
    }

    private init(convolution: PlaneConvolution, bias: [Float], sign: [Float], norm: BatchNorm) {
        self.convolution = convolution
        self.bias = bias
        self.sign = sign
        self.norm = norm
    }

    /// Convolves output rows `rows` of the padded plane `input` and max-pools each over its
    /// positions into `target`, one row of `filters` values per output row, `stride` apart;
    /// `finish` then completes them. `columns` and `products` are scratch for the convolution.
    func convolveAndPool(_ input: UnsafePointer<Float>, width: Int, rows: Range<Int>, columns: UnsafeMutablePointer<Float>,
                         products: UnsafeMutablePointer<Float>, into target: UnsafeMutablePointer<Float>, stride: Int) {
        convolution.apply(input, width: width, rows: rows, columns: columns, output: products)
        let positions = convolution.outputWidth(inputWidth: width)
        for index in 0..<rows.count {
            let pooled = target + index * stride
            let row = products + index * positions * filters
            pooled.update(from: row, count: filters)
            for position in 1..<positions {
                Self.maximize(pooled, with: row + position * filters, count: filters)
            }
        }
    }

    /// Takes `maxima` (the max over frequency of the signed convolution, without bias) of
    /// `count` rows `stride` floats apart to the block's output, in place.
    func finish(_ maxima: UnsafeMutablePointer<Float>, count: Int, stride: Int) {
        for row in 0..<count {
            let values = maxima + row * stride
            for filter in 0..<filters {
                let value = max(0, sign[filter] * (values[filter] + bias[filter]))
                values[filter] = value * norm.scale[filter] + norm.shift[filter]
            }
        }
    }

    /// `target[i] = max(target[i], source[i])` for `count` values.
    static func maximize(_ target: UnsafeMutablePointer<Float>, with source: UnsafePointer<Float>, count: Int) {
        for index in 0..<count {
            target[index] = max(target[index], source[index])
        }
    }
}
