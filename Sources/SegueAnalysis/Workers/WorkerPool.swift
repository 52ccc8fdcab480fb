import Foundation
import Logging
import SegueCore
#if canImport(Glibc)
import Glibc
#endif

/// The supervisor's side of the workers: one job per worker at a time, a deadline per job, and
/// every way a worker can fail turned into that one track's outcome. A worker that crashes is
/// recorded as "decoder crashed (signal N)"; one that holds a job past the deadline is killed
/// (SIGKILL) and recorded as "timed out after N s"; either is replaced when next needed.
/// Everything runs on the calling thread, which must outlive the workers: the kernel kills them
/// when the thread that spawned them exits (`PR_SET_PDEATHSIG`).
final class WorkerPool {
    /// How long a new worker may take to say it is ready, and an ending one to be reaped.
    static let startSeconds = 30.0
    static let reapSeconds = 2.0
    /// A wait that overran its timeout by more than this means the supervisor itself was
    /// stopped (Ctrl-Z, SIGSTOP, a suspended machine): that time is not charged to the jobs.
    static let stoppedSeconds = 5.0
    /// The longest single wait, so that a stop request is seen promptly.
    static let longestWait = 0.5

    private var workers: [WorkerProcess?]
    private let settings: WireWriter
    private let timeout: Double
    private let logger: Logger
    /// Killed workers not yet reaped (stuck in the kernel); collected at shutdown.
    private var killed: [WorkerProcess] = []

    init(size: Int, analysis: TrackAnalysis, timeout: Double, logger: Logger) throws(AnalysisError) {
        settings = analysis.wire
        self.timeout = timeout
        self.logger = logger
        workers = []
        // All start at once, then each is waited for: the start-up times overlap.
        for _ in 0..<size {
            workers.append(try start())
        }
        do {
            for worker in workers {
                try awaitReady(worker!)
            }
        } catch {
            // The run stops here: the workers already started are ended with it.
            shutdown()
            throw error
        }
    }

    /// Jobs in hand.
    var busy: Int { workers.reduce(0) { $0 + ($1?.job == nil ? 0 : 1) } }
    var tracksInHand: [Int64] { workers.compactMap { $0?.job?.id } }
    var hasIdleWorker: Bool { workers.contains { $0?.job == nil } }

    /// Hands `track` to an idle worker, starting a replacement where one was lost.
    func dispatch(_ track: PendingTrack) throws(AnalysisError) {
        guard let slot = workers.firstIndex(where: { $0?.job == nil }) else {
            preconditionFailure("dispatch with every worker busy")
        }
        var worker: WorkerProcess
        if let idle = workers[slot] {
            worker = idle
        } else {
            worker = try replacement()
        }
        do {
            try worker.socket.send(track.wire)
        } catch {
            // It died while idle, so no track is to blame: a new one takes the job.
            retire(worker, reason: "ended while idle (\(error.description))")
            worker = try replacement()
            do {
                try worker.socket.send(track.wire)
            } catch {
                throw .workerStart(reason: "a new worker took no job: \(error.description)")
            }
        }
        worker.job = track
        worker.handedAt = Date()
        worker.deadline = MonotonicClock.now() + timeout
        workers[slot] = worker
    }

    /// Waits until a job ends, `deadline` passes or `longestWait` has gone by, and returns the
    /// outcomes of the jobs that ended: measured by their worker, or failed because it crashed
    /// or timed out. Empty when nothing ended meanwhile.
    func collect(until deadline: Date?) -> [TrackOutcome] {
        let busy = workers.indices.filter { workers[$0]?.job != nil }
        guard !busy.isEmpty else { return [] }
        let now = MonotonicClock.now()
        var outcomes: [TrackOutcome] = []
        for slot in busy where workers[slot]!.deadline <= now {
            outcomes.append(fail(slot, AnalysisFailure(.timedOut, "after \(Self.seconds(timeout)) s")))
        }
        guard outcomes.isEmpty else { return outcomes }
        let nearest = busy.map { workers[$0]!.deadline }.min()! - now
        let untilBatch = deadline.map { $0.timeIntervalSinceNow } ?? .infinity
        let wait = max(0, min(nearest, untilBatch, Self.longestWait))
        var descriptors = busy.map { pollfd(fd: workers[$0]!.socket.descriptor, events: Int16(POLLIN), revents: 0) }
        let ready = poll(&descriptors, nfds_t(descriptors.count), Int32((wait * 1000).rounded(.up)))
        let overrun = MonotonicClock.now() - now - wait
        if overrun > Self.stoppedSeconds {
            for slot in busy { workers[slot]!.deadline += overrun }
        }
        guard ready > 0 else { return [] }
        for (slot, descriptor) in zip(busy, descriptors) where descriptor.revents != 0 {
            outcomes += read(slot)
        }
        return outcomes
    }

    /// Closes every worker: idle ones exit on their own, busy ones (a failed run) are killed.
    func shutdown() {
        for worker in workers.compactMap({ $0 }) {
            if worker.job != nil { worker.kill() }
            worker.socket.close()
        }
        for worker in workers.compactMap({ $0 }) + killed {
            if worker.reap(within: Self.reapSeconds) == nil {
                logger.warning("worker \(worker.pid) did not end after SIGKILL (stuck in the kernel); left to the system")
            }
        }
        workers = workers.map { _ in nil }
        killed = []
    }

    /// What arrived from the worker in `slot`: its outcome, or its end.
    private func read(_ slot: Int) -> [TrackOutcome] {
        let worker = workers[slot]!
        let open: Bool
        do {
            open = try worker.socket.fill()
        } catch {
            return [fail(slot, AnalysisFailure(.decoderCrashed, "(\(error.description))"))]
        }
        if open {
            do {
                guard let frame = try worker.socket.nextFrame(), let track = worker.job else { return [] }
                let outcome = try TrackOutcome(wire: frame, track: track)
                worker.job = nil
                return [outcome]
            } catch {
                return [fail(slot, AnalysisFailure(.decoderCrashed, "(sent \(error.description))"))]
            }
        }
        // The socket closed: the worker has ended, and its exit status says how.
        worker.socket.close()
        let ended = worker.reap(within: Self.reapSeconds)
        let track = worker.job!
        workers[slot] = nil
        let failure = AnalysisFailure(.decoderCrashed, ended?.detail ?? "(closed its connection)")
        logger.warning("\(track.path): \(failure.reason)")
        return [TrackOutcome(track: track, startedAt: worker.handedAt, result: .failed(failure))]
    }

    /// Kills the worker in `slot` and records its job as failed.
    private func fail(_ slot: Int, _ failure: AnalysisFailure) -> TrackOutcome {
        let worker = workers[slot]!
        let track = worker.job!
        logger.warning("\(track.path): \(failure.reason); worker \(worker.pid) killed")
        worker.kill()
        worker.socket.close()
        if worker.reap(within: 0) == nil {
            killed.append(worker)
        }
        workers[slot] = nil
        return TrackOutcome(track: track, startedAt: worker.handedAt, result: .failed(failure))
    }

    private func retire(_ worker: WorkerProcess, reason: String) {
        logger.warning("worker \(worker.pid) \(reason); another takes its job")
        worker.socket.close()
        if worker.reap(within: Self.reapSeconds) == nil {
            killed.append(worker)
        }
    }

    private func start() throws(AnalysisError) -> WorkerProcess {
        do {
            let worker = try WorkerProcess.spawn()
            try worker.socket.send(settings)
            return worker
        } catch {
            throw .workerStart(reason: error.description)
        }
    }

    private func replacement() throws(AnalysisError) -> WorkerProcess {
        let worker = try start()
        try awaitReady(worker)
        return worker
    }

    /// Waits for the worker's first message. A worker that cannot even start, or says it cannot
    /// measure (`AnalysisWorker.ReadyField.setupFailure`), says nothing about any track, so
    /// this failure stops the run instead.
    private func awaitReady(_ worker: WorkerProcess) throws(AnalysisError) {
        var descriptor = [pollfd(fd: worker.socket.descriptor, events: Int16(POLLIN), revents: 0)]
        let end = MonotonicClock.now() + Self.startSeconds
        let ready: WireReader
        do {
            while true {
                if let frame = try worker.socket.nextFrame() {
                    ready = frame
                    break
                }
                let left = end - MonotonicClock.now()
                guard left > 0 else {
                    worker.kill()
                    _ = worker.reap(within: Self.reapSeconds)
                    throw AnalysisError.workerStart(reason: "a worker gave no sign of life within \(Int(Self.startSeconds)) s")
                }
                guard poll(&descriptor, 1, Int32((left * 1000).rounded(.up))) > 0 else { continue }
                guard try worker.socket.fill() else {
                    let ended = worker.reap(within: Self.reapSeconds)
                    throw AnalysisError.workerStart(reason: "a worker ended before it was ready \(ended?.detail ?? "")")
                }
            }
        } catch let error as AnalysisError {
            throw error
        } catch {
            throw .workerStart(reason: String(describing: error))
        }
        if let failure = ready.optionalString(AnalysisWorker.ReadyField.setupFailure) {
            let status = (try? ready.optionalInt(AnalysisWorker.ReadyField.setupStatus))
                .flatMap { $0 }.flatMap { ExitStatus(rawValue: Int32(truncatingIfNeeded: $0)) } ?? .failure
            worker.socket.close()
            _ = worker.reap(within: Self.reapSeconds)
            throw .workerSetup(message: failure, status: status)
        }
    }

    /// "120", "2.5".
    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%g", value)
    }
}
