// DSP-only throughput of SegueDSP: no decoding, no database. Prints how long the analysis
// of a 90 s synthetic track takes on one core, fed as three 30 s segments and as one
// 90 s segment, and the resulting seconds of audio analyzed per CPU second. Times are the
// thread's CPU time, so that other processes on the machine do not inflate them.
import Foundation
import SegueDSP

let sampleRate = Double(TrackAnalyzer.sampleRate)
let seconds = 90.0

/// A chord, a 100 BPM click and LCG noise: busy enough for every descriptor.
func syntheticTrack() -> [Float] {
    var state: UInt32 = 12_345
    let chord = [130.81, 261.63, 329.63, 392.0]
    return (0..<Int(seconds * sampleRate)).map { n in
        let t = Double(n) / sampleRate
        state = 1_664_525 &* state &+ 1_013_904_223
        let noise = Double(state >> 8) / 16_777_216 * 2 - 1
        let tau = fmod(t, 0.6)
        let click = tau < 0.03 ? 0.8 * sin(2 * Double.pi * 1500 * tau) * exp(-tau / 0.004) : 0
        return Float(0.1 * chord.reduce(0) { $0 + sin(2 * Double.pi * $1 * t) } + click + 0.05 * noise)
    }
}

func analyze(_ samples: [Float], segments: Int, with analyzer: TrackAnalyzer) -> TrackFeatures {
    let length = samples.count / segments
    let features = (0..<segments).map { i in
        let segment = analyzer.beginSegment()
        samples[(i * length)..<((i + 1) * length)].withUnsafeBufferPointer { part in
            var start = 0
            while start < part.count {
                let end = min(part.count, start + 4_096)
                segment.consume(UnsafeBufferPointer(rebasing: part[start..<end]))
                start = end
            }
        }
        return segment.finish()
    }
    return analyzer.finishTrack(segments: features, whole: nil)
}

func threadCPUSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}

let track = syntheticTrack()
let analyzer = TrackAnalyzer()
let runs = 15
for segments in [3, 1] {
    var times: [Double] = []
    var result: TrackFeatures?
    for _ in 0..<runs {
        let start = threadCPUSeconds()
        result = analyze(track, segments: segments, with: analyzer)
        times.append(threadCPUSeconds() - start)
    }
    times.sort()
    let median = times[runs / 2]
    let label = segments == 3 ? "3 x 30 s segments" : "1 x 90 s segment"
    print(String(format: "dsp  %-18@  median %6.1f ms  best %6.1f ms  %6.0f s audio/CPU-s  (bpm %.1f, %d-dim vector)",
                 label as NSString, median * 1000, times[0] * 1000, seconds / median,
                 result?.bpm ?? 0, result?.vector.count ?? 0))
}
