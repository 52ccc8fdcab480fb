import Foundation
import Testing
@testable import SegueDSP

/// The analysis must not depend on chunking, on the run, or on the thread.
@Suite struct StreamingTests {
    @Test(arguments: [1, 7, 333, 512, 4_097, 1 << 20])
    func chunkSizeDoesNotChangeAnything(chunk: Int) {
        // 6 s of the mix (odd length): past the 2 s fade-in, several beats.
        let samples = Array(TestSignals.named("mix").prefix(6 * 22_050 + 123))
        let reference = TestSignals.analyze(samples, chunk: samples.count)
        let streamed = TestSignals.analyze(samples, chunk: chunk)
        #expect(streamed == reference)
        #expect(streamed.vector == reference.vector)
    }

    @Test func analyzerReuseAndThreadsGiveIdenticalBits() {
        let samples = Array(TestSignals.named("mix").prefix(6 * 22_050))
        let analyzer = TrackAnalyzer()
        let first = TestSignals.analyze(samples, analyzer: analyzer)
        _ = TestSignals.analyze(TestSignals.named("noise"), analyzer: analyzer)
        #expect(TestSignals.analyze(samples, analyzer: analyzer) == first)
        let results = ResultBox(count: 4)
        DispatchQueue.concurrentPerform(iterations: 4) { i in
            results.set(i, TestSignals.analyze(samples, chunk: 1_000 + 37 * i))
        }
        for result in results.values {
            #expect(result == first)
        }
    }

    /// Past its capacity the top_db buffer measures its oldest frames against the loudest
    /// value so far; when the loudest moment came first, nothing changes at all.
    @Test func earlyMeasurementMatchesWhenTheLoudestComesFirst() {
        let mix = TestSignals.named("mix")
        let fadeOut = (0..<(8 * 22_050)).map { n in mix[mix.count - 1 - n] * Float(1 - Double(n) / (8 * 22_050)) }
        let analyzer = TrackAnalyzer()
        let bounded = analyzer.beginSegment(decibelCapacity: 64)
        fadeOut.withUnsafeBufferPointer { bounded.consume($0) }
        #expect(bounded.finish() == TestSignals.analyze(fadeOut, analyzer: analyzer))
        let fadeIn = Array(fadeOut.reversed())
        let early = analyzer.beginSegment(decibelCapacity: 64)
        fadeIn.withUnsafeBufferPointer { early.consume($0) }
        #expect(early.finish().vector.allSatisfy { $0.isFinite })
    }

    @Test func interleavedSegmentsOnOneAnalyzer() {
        let a = TestSignals.named("clicks120"), b = TestSignals.named("cMajor")
        let analyzer = TrackAnalyzer()
        let first = analyzer.beginSegment(), second = analyzer.beginSegment()
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                for start in stride(from: 0, to: max(a.count, b.count), by: 3_000) {
                    if start < a.count { first.consume(UnsafeBufferPointer(rebasing: a[start..<min(a.count, start + 3_000)])) }
                    if start < b.count { second.consume(UnsafeBufferPointer(rebasing: b[start..<min(b.count, start + 3_000)])) }
                }
            }
        }
        #expect(first.finish() == TestSignals.analyze(a))
        #expect(second.finish() == TestSignals.analyze(b))
    }
}

/// Collects results written from `concurrentPerform` iterations, one slot each.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [SegmentFeatures?]

    init(count: Int) {
        slots = Array(repeating: nil, count: count)
    }

    func set(_ index: Int, _ value: SegmentFeatures) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    var values: [SegmentFeatures] {
        lock.lock()
        defer { lock.unlock() }
        return slots.compactMap { $0 }
    }
}
