/// Runs `MusiCNNModel` on one log-mel patch at a time. One per worker process: it owns every
/// buffer the layers need, allocated once, so a patch costs no allocation.
///
/// Layouts (row-major): the timbral input is the patch (187 frames × 96 bands) between 3 rows
/// of padding above and below; the temporal input is the patch transposed (96 bands × 187
/// frames) between 63 and 64 columns of padding; the front end writes each frame's 561 values
/// into `front`, again between 3 rows of zeros, which the mid end reads, and each mid-end
/// layer writes 64 values per frame into its own padded buffer.
public final class MusiCNN {
    /// Output rows of a timbral convolution per GEMM, and bands of the temporal one: small
    /// enough that the im2col rows and the GEMM output stay in the core's cache.
    static let timbralTileRows = 32
    static let temporalTileBands = 16

    public let model: MusiCNNModel
    private let frames = MusiCNNModel.patchFrames
    private let bands = MusiCNNModel.melBands
    private let pad = MusiCNNModel.timePadding
    private let temporalWidth: Int
    private let timbralInput: UnsafeMutableBufferPointer<Float>
    private let temporalInput: UnsafeMutableBufferPointer<Float>
    private let front: UnsafeMutableBufferPointer<Float>
    private let midend: [UnsafeMutableBufferPointer<Float>]
    private let temporalMaxima: UnsafeMutableBufferPointer<Float>
    private let columns: UnsafeMutablePointer<Float>
    private let products: UnsafeMutablePointer<Float>
    private let pooled: UnsafeMutableBufferPointer<Float>
    private let hidden: UnsafeMutableBufferPointer<Float>

    public init(model: MusiCNNModel) {
        self.model = model
        temporalWidth = frames + MusiCNNModel.temporalLengths[0] - 1
        let paddedFrames = frames + 2 * pad
        timbralInput = .allocate(capacity: paddedFrames * bands)
        timbralInput.initialize(repeating: model.padValue)
        temporalInput = .allocate(capacity: bands * temporalWidth)
        temporalInput.initialize(repeating: model.padValue)
        front = .allocate(capacity: paddedFrames * MusiCNNModel.frontWidth)
        front.initialize(repeating: 0)
        midend = (0..<model.midend.count).map { _ in
            let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: paddedFrames * MusiCNNModel.midendFilters)
            buffer.initialize(repeating: 0)
            return buffer
        }
        temporalMaxima = .allocate(capacity: model.temporal.count * frames * MusiCNNModel.temporalFilters)
        temporalMaxima.initialize(repeating: 0)

        // The largest im2col and GEMM output any layer needs at once.
        let timbralRows = Self.timbralTileRows
        var columnCount = Self.temporalTileBands * frames * MusiCNNModel.temporalLengths[0]
        var productCount = Self.temporalTileBands * frames * MusiCNNModel.temporalFilters
        for block in model.timbral {
            let positions = timbralRows * block.convolution.outputWidth(inputWidth: bands)
            columnCount = max(columnCount, positions * block.convolution.patchSize)
            productCount = max(productCount, positions * block.filters)
        }
        for layer in model.midend {
            columnCount = max(columnCount, frames * layer.convolution.patchSize)
            productCount = max(productCount, frames * layer.convolution.filters)
        }
        columns = .allocate(capacity: columnCount)
        columns.initialize(repeating: 0, count: columnCount)
        products = .allocate(capacity: productCount)
        products.initialize(repeating: 0, count: productCount)
        pooled = .allocate(capacity: 2 * MusiCNNModel.featureWidth)
        pooled.initialize(repeating: 0)
        hidden = .allocate(capacity: MusiCNNModel.dimension)
        hidden.initialize(repeating: 0)
    }

    deinit {
        timbralInput.deallocate()
        temporalInput.deallocate()
        front.deallocate()
        for buffer in midend { buffer.deallocate() }
        temporalMaxima.deallocate()
        columns.deallocate()
        products.deallocate()
        pooled.deallocate()
        hidden.deallocate()
    }

    /// Floating-point operations of the convolutions per patch (a multiply-add counts two).
    public var convolutionFlops: Double {
        var macs = 0
        for block in model.timbral {
            macs += frames * block.convolution.outputWidth(inputWidth: bands) * block.convolution.patchSize * block.filters
        }
        for block in model.temporal {
            macs += frames * bands * block.convolution.patchSize * block.filters
        }
        for layer in model.midend {
            macs += frames * layer.convolution.patchSize * layer.convolution.filters
        }
        return 2 * Double(macs)
    }

    /// The 200-value embedding of one patch: `patch` holds 187 frames × 96 log-mel bands.
    public func embed(_ patch: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>) {
        convolve(patch)
        backEnd(into: output)
    }

    /// The front and mid end, every convolution (`make bench` times them apart): leaves every
    /// frame's 753 values in `front` and `midend`.
    public func convolve(_ patch: UnsafePointer<Float>) {
        (timbralInput.baseAddress! + pad * bands).update(from: patch, count: frames * bands)
        for frame in 0..<frames {
            for band in 0..<bands {
                temporalInput[band * temporalWidth + MusiCNNModel.temporalPaddingBefore + frame] = patch[frame * bands + band]
            }
        }
        timbralBlocks()
        temporalBlocks()
        midEnd()
    }

    private func timbralBlocks() {
        let width = MusiCNNModel.frontWidth
        let target = front.baseAddress! + pad * width
        var offset = 0
        for block in model.timbral {
            var start = 0
            while start < frames {
                let end = min(frames, start + Self.timbralTileRows)
                block.convolveAndPool(UnsafePointer(timbralInput.baseAddress!), width: bands, rows: start..<end,
                                      columns: columns, products: products, into: target + start * width + offset,
                                      stride: width)
                start = end
            }
            block.finish(target + offset, count: frames, stride: width)
            offset += block.filters
        }
    }

    private func temporalBlocks() {
        let filters = MusiCNNModel.temporalFilters
        let widest = MusiCNNModel.temporalLengths[0]
        var band = 0
        while band < bands {
            let end = min(bands, band + Self.temporalTileBands)
            PlaneConvolution.unfold(UnsafePointer(temporalInput.baseAddress!), width: temporalWidth, rows: band..<end,
                                    kernelRows: 1, kernelColumns: widest, into: columns)
            for (index, block) in model.temporal.enumerated() {
                let length = block.convolution.kernelColumns
                // Each kernel's window inside the widest one's: both are centred the TensorFlow way.
                let skip = MusiCNNModel.temporalPaddingBefore - (length - 1) / 2
                block.convolution.kernel.withUnsafeBufferPointer { kernel in
                    GEMM.multiply(columns + skip, rows: (end - band) * frames, inner: length, rowStride: widest,
                                  by: kernel.baseAddress!, columns: filters, into: products)
                }
                let maxima = temporalMaxima.baseAddress! + index * frames * filters
                if band == 0 { maxima.update(from: products, count: frames * filters) }
                for row in (band == 0 ? 1 : 0)..<(end - band) {
                    PooledConvBlock.maximize(maxima, with: products + row * frames * filters, count: frames * filters)
                }
            }
            band = end
        }
        let width = MusiCNNModel.frontWidth
        var offset = 2 * MusiCNNModel.timbralFilters
        for (index, block) in model.temporal.enumerated() {
            let maxima = temporalMaxima.baseAddress! + index * frames * filters
            block.finish(maxima, count: frames, stride: filters)
            for frame in 0..<frames {
                (front.baseAddress! + (pad + frame) * width + offset).update(from: maxima + frame * filters, count: filters)
            }
            offset += filters
        }
    }

    private func midEnd() {
        var input = UnsafePointer(front.baseAddress!)
        var width = MusiCNNModel.frontWidth
        for (layer, buffer) in zip(model.midend, midend) {
            layer.convolution.apply(input, width: width, rows: 0..<frames, columns: columns, output: products)
            let filters = layer.convolution.filters
            let target = buffer.baseAddress! + pad * filters
            layer.finish(products, count: frames, previous: input + pad * width)
            target.update(from: products, count: frames * filters)
            input = UnsafePointer(buffer.baseAddress!)
            width = filters
        }
    }

    /// Max and mean over time of every frame value, then the dense layer.
    private func backEnd(into output: UnsafeMutablePointer<Float>) {
        var feature = 0
        func pool(_ buffer: UnsafePointer<Float>, width: Int) {
            for column in 0..<width {
                var peak = -Float.infinity, sum: Float = 0
                for frame in 0..<frames {
                    let value = buffer[(pad + frame) * width + column]
                    peak = max(peak, value)
                    sum += value
                }
                pooled[2 * feature] = peak
                pooled[2 * feature + 1] = sum / Float(frames)
                feature += 1
            }
        }
        pool(front.baseAddress!, width: MusiCNNModel.frontWidth)
        for buffer in midend { pool(buffer.baseAddress!, width: MusiCNNModel.midendFilters) }

        model.dense.withUnsafeBufferPointer { dense in
            GEMM.multiply(pooled.baseAddress!, rows: 1, inner: pooled.count, rowStride: pooled.count,
                          by: dense.baseAddress!, columns: MusiCNNModel.dimension, into: hidden.baseAddress!)
        }
        for unit in 0..<MusiCNNModel.dimension {
            let value = max(0, hidden[unit] + model.denseBias[unit])
            output[unit] = value * model.denseNorm.scale[unit] + model.denseNorm.shift[unit]
        }
    }
}
