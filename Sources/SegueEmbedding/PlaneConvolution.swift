/// A valid 2-D convolution of a single-channel plane, TensorFlow's `conv2d` with one input
/// channel (MusiCNN has no other kind): the value at output `(r, c)` for filter `f` is
/// `Σ in[r + dr][c + dc] · kernel[dr][dc][f]`. Computed as im2col and one GEMM, so its speed
/// is OpenBLAS's: each output position's patch becomes a row of `columns`, and the kernel,
/// in TensorFlow's HWIO order, is already the GEMM's (rows·columns) × filters matrix.
struct PlaneConvolution: Sendable {
    let kernelRows: Int
    let kernelColumns: Int
    let filters: Int
    /// (kernelRows · kernelColumns) × filters, row-major.
    let kernel: [Float]

    init(kernelRows: Int, kernelColumns: Int, filters: Int, kernel: [Float]) {
        precondition(kernel.count == kernelRows * kernelColumns * filters, "kernel of the wrong size")
        self.kernelRows = kernelRows
        self.kernelColumns = kernelColumns
        self.filters = filters
        self.kernel = kernel
    }

    /// Values per im2col row.
    var patchSize: Int { kernelRows * kernelColumns }

    func outputWidth(inputWidth: Int) -> Int { inputWidth - kernelColumns + 1 }

    /// Writes the patches of output rows `rows` (each output row `r` reads input rows
    /// `r ..< r + kernelRows` of the `width`-column plane `input`) into `columns`, one
    /// row per output position in row-major order.
    static func unfold(_ input: UnsafePointer<Float>, width: Int, rows: Range<Int>, kernelRows: Int, kernelColumns: Int,
                       into columns: UnsafeMutablePointer<Float>) {
        let outputWidth = width - kernelColumns + 1
        var target = columns
        for r in rows {
            for c in 0..<outputWidth {
                for dr in 0..<kernelRows {
                    (target + dr * kernelColumns).update(from: input + (r + dr) * width + c, count: kernelColumns)
                }
                target += kernelRows * kernelColumns
            }
        }
    }

    /// Convolves output rows `rows` of `input` (`width` columns, padded already) into `output`:
    /// `rows.count · outputWidth` positions × `filters`, without bias. `columns` is scratch of
    /// at least `rows.count · outputWidth · patchSize` floats.
    func apply(_ input: UnsafePointer<Float>, width: Int, rows: Range<Int>, columns: UnsafeMutablePointer<Float>,
               output: UnsafeMutablePointer<Float>) {
        Self.unfold(input, width: width, rows: rows, kernelRows: kernelRows, kernelColumns: kernelColumns, into: columns)
        kernel.withUnsafeBufferPointer { kernel in
            GEMM.multiply(columns, rows: rows.count * outputWidth(inputWidth: width), inner: patchSize, rowStride: patchSize,
                          by: kernel.baseAddress!, columns: filters, into: output)
        }
    }
}
