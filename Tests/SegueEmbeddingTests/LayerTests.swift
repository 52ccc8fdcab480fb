import Testing
@testable import SegueEmbedding

/// The layers on cases small enough to compute by hand.
@Suite struct LayerTests {
    /// The plane [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]].
    static let plane: [Float] = (1...12).map(Float.init)

    /// Filter 0 sums the diagonal (in[r][c] + in[r+1][c+1]); filter 1 is in[r][c+1] − in[r+1][c].
    static let diagonals = PlaneConvolution(kernelRows: 2, kernelColumns: 2, filters: 2, kernel: [1, 0, 0, 1, 0, -1, 1, 0])

    @Test func convolutionIsIm2colTimesKernel() {
        var output = [Float](repeating: .nan, count: 2 * 3 * 2)
        var columns = [Float](repeating: 0, count: 2 * 3 * 4)
        Self.plane.withUnsafeBufferPointer { input in
            Self.diagonals.apply(input.baseAddress!, width: 4, rows: 0..<2, columns: &columns, output: &output)
        }
        #expect(columns[0..<4] == [1, 2, 5, 6])
        #expect(output == [7, -3, 9, -3, 11, -3, 15, -3, 17, -3, 19, -3])
    }

    @Test func convolutionOfSomeRowsOnly() {
        var output = [Float](repeating: .nan, count: 3 * 2)
        var columns = [Float](repeating: 0, count: 3 * 4)
        Self.plane.withUnsafeBufferPointer { input in
            Self.diagonals.apply(input.baseAddress!, width: 4, rows: 1..<2, columns: &columns, output: &output)
        }
        #expect(output == [15, -3, 17, -3, 19, -3])
    }

    @Test func gemmAccumulates() {
        let a: [Float] = [1, 2, 3, 4], b: [Float] = [1, 0, 0, 1]
        var c: [Float] = [10, 20, 30, 40]
        GEMM.multiply(a, rows: 2, inner: 2, rowStride: 2, by: b, columns: 2, into: &c, accumulate: true)
        #expect(c == [11, 22, 33, 44])
        GEMM.multiply(a, rows: 2, inner: 2, rowStride: 2, by: b, columns: 2, into: &c)
        #expect(c == [1, 2, 3, 4])
    }

    @Test func batchNormIsScaleAndShift() {
        // γ = 2, β = 1, μ = 3, σ² + ε = 4: y = (x − 3) + 1.
        let norm = BatchNorm(gamma: [2], beta: [1], mean: [3], variance: [4 - BatchNorm.epsilon])
        #expect(abs(norm.scale[0] - 1) < 1e-6)
        #expect(abs(norm.shift[0] + 2) < 1e-6)
        var rows: [Float] = [5, 0, 7]
        norm.apply(&rows, count: 2, stride: 2)
        #expect(abs(rows[0] - 3) < 1e-6 && rows[1] == 0 && abs(rows[2] - 5) < 1e-6)
    }

    /// conv 1 × 2 → ReLU → batch norm → max over the positions, by hand on [[1, −2, 3], [0, 4, −1]]
    /// with filters [1, 1] (bias 0) and [1, −1] (bias 1), norms 2x + 1 and −x + 10:
    /// filter 0: conv [−1, 1], [4, 3] → ReLU [0, 1], [4, 3] → [1, 3], [9, 7] → max 3, 9;
    /// filter 1: conv [4, −4], [−3, 6] → ReLU [4, 0], [0, 6] → [6, 10], [10, 4] → max 10, 10.
    static let smallPlane: [Float] = [1, -2, 3, 0, 4, -1]
    static var smallBlock: PooledConvBlock {
        let norm = BatchNorm(gamma: [2, -1], beta: [1, 10], mean: [0, 0],
                             variance: [1 - BatchNorm.epsilon, 1 - BatchNorm.epsilon])
        return PooledConvBlock(kernelRows: 1, kernelColumns: 2, kernel: [1, 1, 1, -1], bias: [0, 1], norm: norm)
    }

    @Test func pooledBlockMatchesConvReluNormPool() {
        let output = Self.run(Self.smallBlock, on: Self.smallPlane, width: 3, rows: 2)
        #expect(Self.close(output, [3, 10, 9, 10]))
    }

    /// With the input normalized by 0.5x + 1 first, and its normalized rows padded by zeros:
    /// folded into the kernel, the raw plane is padded by −shift / scale = −2 instead.
    @Test func inputNormFoldsIntoTheKernel() {
        let scale: Float = 0.5, shift: Float = 1
        let normalized = Self.smallPlane.map { $0 * scale + shift }
        let zeroRow: [Float] = [0, 0, 0]
        let expected = Self.run(Self.smallBlock, on: zeroRow + normalized + zeroRow, width: 3, rows: 4)
        let padRow = [Float](repeating: -shift / scale, count: 3)
        let folded = Self.run(Self.smallBlock.foldingInput(scale: scale, shift: shift), on: padRow + Self.smallPlane + padRow,
                              width: 3, rows: 4)
        #expect(Self.close(folded, expected))
    }

    @Test func temporalKernelsTransposeInPlace() {
        let block = PooledConvBlock(kernelRows: 3, kernelColumns: 1, kernel: [1, 2, 3], bias: [0],
                                    norm: BatchNorm(gamma: [1], beta: [0], mean: [0], variance: [1 - BatchNorm.epsilon]))
        let transposed = block.transposed()
        #expect(transposed.convolution.kernelRows == 1 && transposed.convolution.kernelColumns == 3)
        #expect(transposed.convolution.kernel == [1, 2, 3])
    }

    /// ReLU(conv + bias) normalized, plus the layer's input: [1, −3] + [0.5, 0.5] → [1.5, 0] · 2 − 1 → [2, −1] + [10, 20].
    @Test func midendLayerAddsItsInput() {
        let layer = MidendLayer(convolution: PlaneConvolution(kernelRows: 1, kernelColumns: 1, filters: 2, kernel: [1, 1]),
                                bias: [0.5, 0.5],
                                norm: BatchNorm(gamma: [2, 2], beta: [-1, -1], mean: [0, 0],
                                                variance: [1 - BatchNorm.epsilon, 1 - BatchNorm.epsilon]),
                                residual: true)
        var values: [Float] = [1, -3]
        let previous: [Float] = [10, 20]
        layer.finish(&values, count: 1, previous: previous)
        #expect(Self.close(values, [12, 19]))
    }

    static func run(_ block: PooledConvBlock, on plane: [Float], width: Int, rows: Int) -> [Float] {
        let outputRows = rows - block.convolution.kernelRows + 1
        let positions = block.convolution.outputWidth(inputWidth: width)
        var columns = [Float](repeating: 0, count: outputRows * positions * block.convolution.patchSize)
        var products = [Float](repeating: 0, count: outputRows * positions * block.filters)
        var output = [Float](repeating: .nan, count: outputRows * block.filters)
        plane.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { output in
                block.convolveAndPool(input.baseAddress!, width: width, rows: 0..<outputRows, columns: &columns,
                                      products: &products, into: output.baseAddress!, stride: block.filters)
                block.finish(output.baseAddress!, count: outputRows, stride: block.filters)
            }
        }
        return output
    }

    static func close(_ a: [Float], _ b: [Float], tolerance: Float = 1e-5) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance * max(1, abs($1)) }
    }
}
