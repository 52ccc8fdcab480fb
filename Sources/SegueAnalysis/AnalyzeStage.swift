import Foundation
import SegueAudio
import SegueCore
import SegueDSP
import SegueEmbedding

/// The body of `segue-analyze`: picks the tracks without current features, has worker
/// processes measure them (decoding and DSP; see `WorkerPool`), and commits the results from
/// one writer in short batches, so a run killed at any instant resumes from its last commit,
/// and a file that crashes or hangs its decoder costs that one track.
public struct AnalyzeStage {
    /// Audio seconds a worker measures per second, assumed for a dry run's estimate until a
    /// finished run has measured the real figure.
    static let assumedThroughput = 400.0

    let context: StageContext
    let options: AnalyzeOptions
    let target: AnalysisTarget
    var store: AnalysisStore { target.store }
    var marks: InFlightMarks { target.marks }

    public init(context: StageContext, options: AnalyzeOptions) {
        self.init(context: context, options: options, target: .library(context))
    }

    init(context: StageContext, options: AnalyzeOptions, target: AnalysisTarget) {
        self.context = context
        self.options = options
        self.target = target
    }

    public func run() throws -> StageOutcome {
        let config = context.config.analysis
        let plan = try plan(recordStops: !context.dryRun)
        let selection = plan.selection
        let jobs = options.limit.map { Array(plan.jobs.prefix($0)) } ?? plan.jobs
        let workers = min((options.workers ?? WorkerCount(configured: config.workers)).resolved, max(1, jobs.count))
        let skipped = Self.describe(skipped: selection)

        if context.dryRun {
            return try dryRun(jobs: jobs, plan: plan, workers: workers, skipped: skipped)
        }
        guard !jobs.isEmpty || !plan.givenUp.isEmpty else {
            return StageOutcome(counts: [("analysed", 0), ("failed", 0), ("pending", 0), ("skipped_failed", selection.skippedFailures)],
                                summary: "nothing to analyse: \(selection.upToDate) tracks up to date\(skipped)")
        }
        var tally = Tally()
        if !plan.givenUp.isEmpty {
            for outcome in plan.givenUp {
                context.logger.warning("\(outcome.track.path): in a worker at two stops of segue-analyze in a row; given up (--retry-failed tries again)")
            }
            try commit(plan.givenUp, into: &tally)
        }
        if !plan.retriedLast.isEmpty {
            context.logger.info("\(plan.retriedLast.count) tracks were in a worker when the last run stopped: tried again last, one at a time")
        }
        if !jobs.isEmpty {
            let embedding = config.embedding == .musicnn
                ? ", MusiCNN embedding of \(config.embeddingPatchesPerWindow) patches per window" : ""
            context.logger.info("analysing \(jobs.count) tracks with \(workers) workers (\(Self.describe(causes: jobs)))\(embedding)")
            try measure(jobs, alone: plan.retriedLast, workers: workers, into: &tally)
        }
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
        let plan = try plan(recordStops: false)
        let selection = plan.selection
        var lines: [String] = []
        if !plan.jobs.isEmpty {
            lines.append("\(plan.jobs.count) tracks to analyse (\(Self.describe(causes: plan.jobs)))")
        }
        if !plan.retriedLast.isEmpty {
            lines.append("\(plan.retriedLast.count) tracks were in a worker when a run stopped: tried again last, one at a time")
        }
        if !plan.givenUp.isEmpty {
            lines.append("\(plan.givenUp.count) tracks were in a worker at two stops in a row: to be recorded as failed")
        }
        if selection.skippedFailures > 0 {
            lines.append("\(selection.skippedFailures) tracks failed earlier, skipped until their file changes (--retry-failed)")
        }
        return lines
    }

    /// The embedding every analysed track must have, unless `analysis.embedding` is `none`.
    private var embeddingRequirement: (model: String, version: Int)? {
        Self.embeddingRequirement(context.config.analysis)
    }

    static func embeddingRequirement(_ config: AnalysisConfig) -> (model: String, version: Int)? {
        config.embedding == .musicnn ? (TrackEmbedding.model, TrackEmbedding.version) : nil
    }

    /// The run's work: the selection, split by what earlier stops left in a worker's hands.
    struct Plan {
        var selection: AnalysisStore.Selection
        /// Pending tracks in order: the unsuspected first, then `retriedLast`.
        var jobs: [PendingTrack]
        /// Tracks in hand at one stop: tried again after all the others, with no other in
        /// flight, so that a second stop blames them alone.
        var retriedLast: Set<Int64>
        /// Tracks in hand at `InFlightMarks.stopsToGiveUp` stops in a row: recorded as failed.
        var givenUp: [TrackOutcome]
    }

    private func plan(recordStops: Bool) throws -> Plan {
        let suspects: [Int64: InFlightMarks.Suspect]
        let selection: AnalysisStore.Selection
        do {
            suspects = try marks.suspects(record: recordStops)
            selection = try store.select(version: FeatureLayout.version, embedding: embeddingRequirement, force: options.force,
                                         retryFailed: options.retryFailed)
        } catch {
            throw AnalysisError.wrap(error, path: target.path)
        }
        var plan = Plan(selection: selection, jobs: [], retriedLast: [], givenUp: [])
        var last: [PendingTrack] = []
        for track in selection.pending {
            guard let suspect = suspects[track.id] else {
                plan.jobs.append(track)
                continue
            }
            if suspect.stops >= InFlightMarks.stopsToGiveUp {
                let failure = AnalysisFailure(.interrupted, "segue-analyze stopped \(suspect.stops) times in a row while it was being analysed (a crash, a kill or a power cut)")
                plan.givenUp.append(TrackOutcome(track: track, startedAt: suspect.startedAt, result: .failed(failure)))
            } else {
                last.append(track)
                plan.retriedLast.insert(track.id)
            }
        }
        plan.jobs += last
        return plan
    }

    /// What this run has committed so far.
    struct Tally {
        var done = 0
        var analysed = 0
        var failures: [AnalysisFailure.Kind: Int] = [:]
        var audioSeconds = 0.0
    }

    /// Hands the jobs to the workers, one each at a time, marking each before it goes, and
    /// commits the outcomes in batches as they come.
    private func measure(_ jobs: [PendingTrack], alone: Set<Int64>, workers: Int, into tally: inout Tally) throws {
        let config = context.config.analysis
        let pool = try WorkerPool(size: workers, analysis: TrackAnalysis(config: config),
                                  timeout: config.trackTimeoutSeconds, logger: context.logger)
        defer { pool.shutdown() }
        let progress = context.progress(label: "analysing", total: jobs.count)
        let started = Date()
        let committedBefore = tally.done
        var next = 0
        // Tracks whose worker is done with them since the last hand-out, to unmark with the next.
        var finished: [Int64] = []
        var batch: [TrackOutcome] = []
        var deadline: Date?
        do {
            while true {
                while next < jobs.count, pool.hasIdleWorker, !alone.contains(jobs[next].id) || pool.busy == 0 {
                    try marks.handOut(jobs[next].id, finished: finished, runID: target.runID, at: Date())
                    finished.removeAll()
                    try pool.dispatch(jobs[next])
                    next += 1
                }
                let done = next == jobs.count && pool.busy == 0
                let arrived = done ? [] : pool.collect(until: deadline)
                if batch.isEmpty, !arrived.isEmpty {
                    deadline = Date().addingTimeInterval(config.batchSeconds)
                }
                batch += arrived
                finished += arrived.map(\.track.id)
                progress.advance(by: arrived.count)
                for outcome in arrived {
                    log(outcome)
                }
                if !batch.isEmpty, done || batch.count >= config.batchSize || deadline.map({ Date() >= $0 }) == true {
                    try commit(batch, into: &tally)
                    batch.removeAll(keepingCapacity: true)
                    deadline = nil
                    if target.reportsProgress {
                        try writeProgress(tally, committedBefore: committedBefore, total: jobs.count, workers: workers, started: started)
                    }
                }
                if done, batch.isEmpty { break }
                if context.cancellation.isRequested {
                    // What has arrived is committed; the tracks in hand go back unblamed.
                    if !batch.isEmpty { try commit(batch, into: &tally) }
                    throw StageInterruption(committed: tally.done - committedBefore, total: jobs.count, unit: "tracks")
                }
            }
        } catch {
            // The run fails as a whole: the tracks in hand were not to blame.
            try? marks.unmark(pool.tracksInHand + finished)
            if let interruption = error as? StageInterruption {
                progress.finish()
                throw interruption
            }
            throw AnalysisError.wrap(error, path: target.path)
        }
        progress.finish()
    }

    private func commit(_ outcomes: [TrackOutcome], into tally: inout Tally) throws {
        do {
            try store.commit(outcomes, version: FeatureLayout.version, runID: target.runID)
        } catch {
            throw AnalysisError.wrap(error, path: target.path)
        }
        for outcome in outcomes {
            tally.done += 1
            switch outcome.result {
            case let .analysed(_, _, seconds):
                tally.analysed += 1
                tally.audioSeconds += seconds
            case let .failed(failure):
                tally.failures[failure.kind, default: 0] += 1
            }
        }
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

    private func writeProgress(_ tally: Tally, committedBefore: Int, total: Int, workers: Int, started: Date) throws {
        let now = Date()
        let done = tally.done - committedBefore
        let rate = done > 0 ? Double(done) / max(now.timeIntervalSince(started), 0.001) : 0
        let progress = AnalyzeProgress(
            runID: context.runID, startedAt: started, updatedAt: now, workers: workers, done: done, total: total,
            analysed: tally.analysed, failed: tally.failures.values.reduce(0, +),
            failures: Dictionary(uniqueKeysWithValues: tally.failures.map { ($0.key.rawValue, $0.value) }),
            tracksPerSecond: rate, etaSeconds: rate > 0 ? Double(total - done) / rate : nil)
        try context.checkpoints.writeProgress(stage: context.stage, progress)
    }

    private func dryRun(jobs: [PendingTrack], plan: Plan, workers: Int, skipped: String) throws -> StageOutcome {
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
        let givenUp = plan.givenUp.isEmpty ? "" : "; would record \(plan.givenUp.count) as failed (in a worker at two stops in a row)"
        let summary = "would analyse \(jobs.count) tracks\(causes), about \(ProgressReporter.formatDuration(estimate))"
            + " with \(workers) workers; \(plan.jobs.count - jobs.count) more pending\(givenUp)\(skipped)"
        return StageOutcome(counts: [("would_analyse", jobs.count), ("estimated_seconds", Int(estimate.rounded()))],
                            summary: summary)
    }

    /// `12 new, 3 changed`.
    static func describe(causes jobs: [PendingTrack]) -> String {
        let counts = Dictionary(grouping: jobs, by: \.cause).mapValues(\.count)
        return PendingTrack.Cause.allCases.compactMap { cause in counts[cause].map { "\($0) \(cause.rawValue)" } }
            .joined(separator: ", ")
    }

    /// `, 3 failed earlier (decoder crashed 1, timed out 2; --retry-failed to try again)`: the
    /// recorded reasons a run skips, by kind.
    static func describe(skipped selection: AnalysisStore.Selection) -> String {
        guard selection.skippedFailures > 0 else { return "" }
        let kinds = selection.skippedKinds.sorted { $0.key < $1.key }
            .map { "\(AnalysisFailure.Kind(rawValue: $0.key)?.label ?? $0.key) \($0.value)" }
        return ", \(selection.skippedFailures) failed earlier (\(kinds.joined(separator: ", ")); --retry-failed to try again)"
    }
}
