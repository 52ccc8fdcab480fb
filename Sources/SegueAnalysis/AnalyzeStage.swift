import Foundation
import SegueAudio
import SegueCore
import SegueDSP
import SegueEmbedding

/// The body of `segue-analyze`: picks the tracks without current features, measures them on
/// worker threads (decoding and DSP), and commits the results from one writer in short
/// batches, so a run killed at any instant resumes from its last commit.
public struct AnalyzeStage {
    /// Audio seconds a worker measures per second, assumed for a dry run's estimate until a
    /// finished run has measured the real figure.
    static let assumedThroughput = 400.0

    let context: StageContext
    let options: AnalyzeOptions
    let store: AnalysisStore

    public init(context: StageContext, options: AnalyzeOptions) {
        self.context = context
        self.options = options
        store = AnalysisStore(database: context.database)
    }

    public func run() throws -> StageOutcome {
        let config = context.config.analysis
        let selection: AnalysisStore.Selection
        do {
            selection = try store.select(version: FeatureLayout.version, embedding: embeddingRequirement, force: options.force,
                                         retryFailed: options.retryFailed)
        } catch {
            throw AnalysisError.wrap(error, path: context.database.path)
        }
        let jobs = options.limit.map { Array(selection.pending.prefix($0)) } ?? selection.pending
        let workers = min((options.workers ?? WorkerCount(configured: config.workers)).resolved, max(1, jobs.count))
        let skipped = selection.skippedFailures > 0
            ? ", \(selection.skippedFailures) failed earlier (--retry-failed to try again)" : ""

        if context.dryRun {
            return try dryRun(jobs: jobs, selection: selection, workers: workers, skipped: skipped)
        }
        guard !jobs.isEmpty else {
            return StageOutcome(counts: [("analysed", 0), ("failed", 0), ("pending", 0), ("skipped_failed", selection.skippedFailures)],
                                summary: "nothing to analyse: \(selection.upToDate) tracks up to date\(skipped)")
        }
        // Loaded once, before any worker starts, so missing weights stop the run at once.
        let model = config.embedding == .musicnn ? try MusiCNNModel(directory: config.embeddingModelDir) : nil
        let embedding = model == nil ? "" : ", MusiCNN embedding of \(config.embeddingPatchesPerWindow) patches per window"
        context.logger.info("analysing \(jobs.count) tracks with \(workers) workers (\(Self.describe(causes: jobs)))\(embedding)")
        let tally = try measure(jobs, workers: workers, model: model)
        let pending = selection.pending.count - tally.done
        let failures = tally.failures.sorted { $0.key < $1.key }.map { "\($0.key.label) \($0.value)" }
        let failed = tally.failures.values.reduce(0, +)
        let summary = "analysed \(tally.analysed) tracks, \(failed) failed"
            + (failures.isEmpty ? "" : " (\(failures.joined(separator: ", ")))") + ", \(pending) pending" + skipped
        var counts: [(String, Int)] = [("analysed", tally.analysed), ("failed", failed), ("pending", pending),
                                       ("skipped_failed", selection.skippedFailures)]
        counts += tally.failures.sorted { $0.key < $1.key }.map { ("failed_\($0.key.rawValue)", $0.value) }
        counts += [("workers", workers), ("audio_seconds", Int(tally.audioSeconds.rounded()))]
        return StageOutcome(counts: counts, summary: summary)
    }

    /// What the next run would do, for `--status`.
    public func pendingWork() throws -> [String] {
        let selection: AnalysisStore.Selection
        do {
            selection = try store.select(version: FeatureLayout.version, embedding: embeddingRequirement, force: false,
                                         retryFailed: false)
        } catch {
            throw AnalysisError.wrap(error, path: context.database.path)
        }
        var lines: [String] = []
        if !selection.pending.isEmpty {
            lines.append("\(selection.pending.count) tracks to analyse (\(Self.describe(causes: selection.pending)))")
        }
        if selection.skippedFailures > 0 {
            lines.append("\(selection.skippedFailures) tracks failed earlier, skipped until their file changes (--retry-failed)")
        }
        return lines
    }

    /// The embedding every analysed track must have, unless `analysis.embedding` is `none`.
    private var embeddingRequirement: (model: String, version: Int)? {
        context.config.analysis.embedding == .musicnn ? (TrackEmbedding.model, TrackEmbedding.version) : nil
    }

    /// What this run has committed so far.
    struct Tally {
        var done = 0
        var analysed = 0
        var failures: [AnalysisFailure.Kind: Int] = [:]
        var audioSeconds = 0.0
    }

    private func measure(_ jobs: [PendingTrack], workers: Int, model: MusiCNNModel?) throws -> Tally {
        let config = context.config.analysis
        let queue = WorkQueue(jobs)
        let channel = ResultChannel(workers: workers)
        let analysis = TrackAnalysis(config: config)
        for index in 0..<workers {
            let thread = Thread {
                let decoder = AudioDecoder(secondaryRate: model == nil ? nil : TrackEmbedder.sampleRate)
                let analyzer = TrackAnalyzer()
                let embedder = model.map { TrackEmbedder(model: $0, patchesPerWindow: config.embeddingPatchesPerWindow) }
                while let track = queue.take() {
                    channel.put(analysis.analyze(track, decoder: decoder, analyzer: analyzer, embedder: embedder))
                }
                channel.workerFinished()
            }
            thread.name = "analyze-\(index)"
            // DSP code may keep sizeable frames on the stack.
            thread.stackSize = 8 << 20
            thread.start()
        }

        let progress = context.progress(label: "analysing", total: jobs.count)
        let started = Date()
        var tally = Tally()
        var batch: [TrackOutcome] = []
        var deadline: Date?
        while true {
            let (arrived, finished) = channel.take(limit: config.batchSize - batch.count, until: deadline)
            if batch.isEmpty, !arrived.isEmpty {
                deadline = Date().addingTimeInterval(config.batchSeconds)
            }
            batch += arrived
            progress.advance(by: arrived.count)
            for outcome in arrived {
                log(outcome)
            }
            if !batch.isEmpty, finished || batch.count >= config.batchSize || deadline.map({ Date() >= $0 }) == true {
                do {
                    try store.commit(batch, version: FeatureLayout.version, runID: context.runID)
                } catch {
                    queue.cancel()
                    while !channel.take(limit: Int.max, until: nil).finished {}
                    throw AnalysisError.wrap(error, path: context.database.path)
                }
                for outcome in batch {
                    tally.done += 1
                    switch outcome.result {
                    case let .analysed(_, _, seconds):
                        tally.analysed += 1
                        tally.audioSeconds += seconds
                    case let .failed(failure):
                        tally.failures[failure.kind, default: 0] += 1
                    }
                }
                batch.removeAll(keepingCapacity: true)
                deadline = nil
                try writeProgress(tally, total: jobs.count, workers: workers, started: started)
            }
            if finished, batch.isEmpty { break }
        }
        progress.finish()
        return tally
    }

    private func log(_ outcome: TrackOutcome) {
        switch outcome.result {
        case let .analysed(features, _, _):
            let key = [features.key, features.mode].compactMap { $0 }.joined(separator: " ")
            let bpm = features.bpm.map { String(format: "%.1f bpm", $0) } ?? "no tempo"
            context.logger.debug("analysed \(outcome.track.path): \(bpm), \(key.isEmpty ? "no key" : key)")
        case let .failed(failure):
            context.logger.debug("failed \(outcome.track.path): \(failure.reason)")
        }
    }

    private func writeProgress(_ tally: Tally, total: Int, workers: Int, started: Date) throws {
        let now = Date()
        let rate = tally.done > 0 ? Double(tally.done) / max(now.timeIntervalSince(started), 0.001) : 0
        let progress = AnalyzeProgress(
            runID: context.runID, startedAt: started, updatedAt: now, workers: workers, done: tally.done, total: total,
            analysed: tally.analysed, failed: tally.failures.values.reduce(0, +),
            failures: Dictionary(uniqueKeysWithValues: tally.failures.map { ($0.key.rawValue, $0.value) }),
            tracksPerSecond: rate, etaSeconds: rate > 0 ? Double(total - tally.done) / rate : nil)
        try context.checkpoints.writeProgress(stage: context.stage, progress)
    }

    private func dryRun(jobs: [PendingTrack], selection: AnalysisStore.Selection, workers: Int, skipped: String) throws -> StageOutcome {
        for track in jobs {
            context.logger.debug("would analyse \(track.path) (\(track.cause.rawValue))")
        }
        let config = context.config.analysis
        let window = 3 * config.segmentSeconds
        // Tracks of unknown length are taken as four minutes.
        let audio = jobs.reduce(0.0) { sum, track in
            let seconds = Double(track.durationMilliseconds ?? 240_000) / 1000
            return sum + (config.mode == .full ? seconds : min(seconds, window))
        }
        let throughput = (try? store.lastThroughput()) ?? Self.assumedThroughput
        let estimate = audio / (throughput * Double(workers))
        let causes = jobs.isEmpty ? "" : " (\(Self.describe(causes: jobs)))"
        let summary = "would analyse \(jobs.count) tracks\(causes), about \(ProgressReporter.formatDuration(estimate))"
            + " with \(workers) workers; \(selection.pending.count - jobs.count) more pending\(skipped)"
        return StageOutcome(counts: [("would_analyse", jobs.count), ("estimated_seconds", Int(estimate.rounded()))],
                            summary: summary)
    }

    /// `12 new, 3 changed`.
    static func describe(causes jobs: [PendingTrack]) -> String {
        let counts = Dictionary(grouping: jobs, by: \.cause).mapValues(\.count)
        return PendingTrack.Cause.allCases.compactMap { cause in counts[cause].map { "\($0) \(cause.rawValue)" } }
            .joined(separator: ", ")
    }
}
