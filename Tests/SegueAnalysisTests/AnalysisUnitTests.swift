import Foundation
@testable import SegueAnalysis
import SegueCore
import Testing

@Suite("Analysis plan, blobs and flags")
struct AnalysisUnitTests {
    @Test("a long track gets beginning, middle and end windows, decoded apart")
    func longTrackWindows() {
        let plan = AnalysisPlan(totalSamples: 240 * 100, windowSamples: 30 * 100, wholeTrack: false)
        #expect(plan.windows == [.init(start: 0, end: 3000), .init(start: 10_500, end: 13_500), .init(start: 21_000, end: 24_000)])
        #expect(plan.reads == plan.windows)
        #expect(!plan.coversWholeTrack)
    }

    @Test("a track shorter than three windows is decoded whole, in thirds")
    func shortTrackWindows() {
        let plan = AnalysisPlan(totalSamples: 6000, windowSamples: 3000, wholeTrack: false)
        #expect(plan.windows == [.init(start: 0, end: 2000), .init(start: 2000, end: 4000), .init(start: 4000, end: nil)])
        #expect(plan.reads == [.init(start: 0, end: nil)])
        #expect(plan.coversWholeTrack)
    }

    @Test("full mode decodes once, windows included")
    func fullMode() {
        let plan = AnalysisPlan(totalSamples: 240 * 100, windowSamples: 30 * 100, wholeTrack: true)
        #expect(plan.windows.count == 3)
        #expect(plan.reads == [.init(start: 0, end: nil)])
    }

    @Test("a chunk's peak is its largest magnitude, whatever its length; NaN is passed over")
    func peak() {
        var generator = SplitMix64(seed: 7)
        for count in [0, 1, 7, 8, 9, 31, 1000, 1027] {
            var samples = (0..<count).map { _ in Float(Double(generator.next() % 2_000_001) / 1_000_000 - 1) }
            if count > 3 { samples[count / 2] = .nan }
            let expected = samples.reduce(Float(0)) { max($0, abs($1)) }
            let measured = samples.withUnsafeBufferPointer { TrackAnalysis.peak(of: $0) }
            #expect(measured == expected, "\(count) samples")
        }
        #expect([Float(-0.75), 0.5].withUnsafeBufferPointer { TrackAnalysis.peak(of: $0) } == 0.75)
    }

    @Test("vectors are stored as little-endian Float32")
    func blob() {
        let data = FeatureBlob.encode([1, -2.5])
        #expect(Array(data) == [0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x20, 0xC0])
        #expect(FeatureBlob.decode(data) == [1, -2.5])
        #expect(FeatureBlob.encode([[1], [-2.5]]) == data)
    }

    @Test("--workers takes a positive number or auto")
    func workers() {
        #expect(WorkerCount(argument: "auto") == .auto)
        #expect(WorkerCount(argument: "3") == .fixed(3))
        #expect(WorkerCount(argument: "0") == nil)
        #expect(WorkerCount(argument: "many") == nil)
        #expect(WorkerCount(configured: 0) == .auto)
        #expect(WorkerCount.auto.resolved >= 1)
    }

    @Test("a failure's reason is one line naming its kind")
    func failureReason() {
        #expect(AnalysisFailure(.tooShort, "0.40 s\nof audio").reason == "too short: 0.40 s of audio")
    }
}
