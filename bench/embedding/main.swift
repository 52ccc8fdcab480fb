// MusiCNN inference alone (SegueEmbedding): no decoding, no database. Times one patch (3 s of
// audio, 187 frames × 96 bands) on one core, the convolutions apart, and prints the GFLOP/s
// they reach. Times are the thread's CPU time, so that other processes on the machine do
// not inflate them. Usage: segue-embedding-bench [WEIGHTS_DIR] (default models/musicnn).
import Foundation
import SegueEmbedding

func threadCPUSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}

let directory = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "models/musicnn"
let model: MusiCNNModel
do {
    model = try MusiCNNModel(directory: directory)
} catch {
    FileHandle.standardError.write(Data("segue-embedding-bench: \(error.message)\n".utf8))
    exit(1)
}
let network = MusiCNN(model: model)
var state: UInt32 = 12_345
let patch: [Float] = (0..<(MusiCNNModel.patchFrames * MusiCNNModel.melBands)).map { _ in
    state = 1_664_525 &* state &+ 1_013_904_223
    return 2 * Float(state >> 8) / 16_777_216
}
var output = [Float](repeating: 0, count: MusiCNNModel.dimension)
let runs = 21
var whole: [Double] = [], convolutions: [Double] = []
for _ in 0..<runs {
    var start = threadCPUSeconds()
    network.embed(patch, into: &output)
    whole.append(threadCPUSeconds() - start)
    start = threadCPUSeconds()
    network.convolve(patch)
    convolutions.append(threadCPUSeconds() - start)
}
let median = { (times: [Double]) in times.sorted()[runs / 2] }
let flops = network.convolutionFlops
print(String(format: "MusiCNN patch (3 s), one core: %.1f ms, of which convolutions %.1f ms: %.1f GFLOP at %.1f GFLOP/s",
             1000 * median(whole), 1000 * median(convolutions), flops / 1e9, flops / median(convolutions) / 1e9))
