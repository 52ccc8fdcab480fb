import Foundation

/// Generates a deterministic test library: synthesized tracks of distinct sonic styles,
/// encoded with `ffmpeg` into every common format, tagged through TagLib, laid out as
/// `Artist/Album/NN Title.ext`, with `manifest.json` recording exactly what was written.
public struct LibraryGenerator: Sendable {
    public var output: String
    public var trackCount: Int
    public var seconds: Double
    public var seed: UInt64
    public var includeBroken: Bool
    /// Tracks synthesized and encoded at once (one `ffmpeg` each).
    public var jobs: Int

    public init(output: String, trackCount: Int, seconds: Double = 20, seed: UInt64 = 1,
                includeBroken: Bool = false, jobs: Int = 2) {
        self.output = output
        self.trackCount = trackCount
        self.seconds = seconds
        self.seed = seed
        self.includeBroken = includeBroken
        self.jobs = jobs
    }

    /// The tracks `generate()` would write, without writing anything.
    public func plannedTracks() -> [GeneratedTrack] {
        LibraryPlanner(seed: seed, seconds: seconds).plan(count: trackCount).map(\.track)
    }

    @discardableResult
    public func generate() throws -> LibraryManifest {
        let plans = LibraryPlanner(seed: seed, seconds: seconds).plan(count: trackCount)
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        try runInParallel(count: plans.count) { index in try make(plans[index], index: index) }
        let tracks = plans.map(\.track)
        var broken: [BrokenFile] = []
        if includeBroken {
            var samples: [String: GeneratedTrack] = [:]
            for track in tracks where !track.tags.isEmpty && samples[track.format] == nil {
                samples[track.format] = track
            }
            broken = try BrokenFileMaker(root: output, samples: samples).make()
        }
        let manifest = LibraryManifest(seed: seed, seconds: seconds, tracks: tracks, broken: broken)
        try manifest.write(to: output)
        return manifest
    }

    private func make(_ plan: LibraryPlanner.Plan, index: Int) throws {
        let path = (output as NSString).appendingPathComponent(plan.track.path)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let pcm = SignalSynthesizer().render(plan.sound, seconds: seconds, seed: seed &+ UInt64(index))
        try AudioEncoder().encode(pcm: pcm, to: path, format: plan.format)
        try TagWriter.write(plan.track.tags, to: path)
    }

    /// Runs `body` for 0..<count on `jobs` threads, stopping at the first error.
    private func runInParallel(count: Int, _ body: @Sendable @escaping (Int) throws -> Void) throws {
        final class Queue: @unchecked Sendable {
            let lock = NSLock()
            var next = 0
            var failure: (any Error)?

            func take(limit: Int) -> Int? {
                lock.withLock {
                    guard failure == nil, next < limit else { return nil }
                    defer { next += 1 }
                    return next
                }
            }

            func fail(_ error: any Error) {
                lock.withLock { if failure == nil { failure = error } }
            }
        }
        let queue = Queue()
        DispatchQueue.concurrentPerform(iterations: max(1, jobs)) { _ in
            while let index = queue.take(limit: count) {
                do { try body(index) } catch { queue.fail(error) }
            }
        }
        if let failure = queue.failure { throw failure }
    }
}
