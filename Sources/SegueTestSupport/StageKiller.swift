import Foundation
import SegueCore

/// Kills a running stage with SIGKILL at instants drawn uniformly over its working time, the
/// way a power cut or the OOM killer would, not only just after a commit.
///
/// The instants come from a seeded generator: the seed is printed, and `SEGUE_KILL_SEED`
/// replays it. Progress is used only to know that the stage has begun its work; the instant
/// itself is a uniform draw over the working time of an uninterrupted run.
public struct StageKiller {
    public let stage: String
    public let seed: UInt64
    private var generator: SplitMix64

    public init(stage: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.stage = stage
        seed = environment["SEGUE_KILL_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 1...UInt64(UInt32.max))
        generator = SplitMix64(seed: seed, label: stage)
        print("\(stage) kill test: seed \(seed) (SEGUE_KILL_SEED=\(seed) replays these instants)")
    }

    /// How long an uninterrupted run works: from `started` turning true to the process's exit.
    public static func workingTime(of process: RunningProcess, started: () -> Bool) -> (seconds: Double, result: ProcessResult) {
        while process.process.isRunning, !started() { usleep(500) }
        let begun = Date()
        let result = process.wait()
        return (Date().timeIntervalSince(begun), result)
    }

    /// Starts trials until `kills` of them were killed mid-run: each waits for the stage to
    /// start, sleeps a uniform draw in `0..<window`, and kills the stage if it still runs; a
    /// trial the stage finished first is drawn again. `verify` runs after each kill with the
    /// instant (seconds into the work) and the killed process's result.
    /// - Returns: the instants of the kills.
    @discardableResult
    public mutating func killAtRandomInstants(kills: Int = 10, window: Double,
                                              start: () throws -> (process: RunningProcess, started: () -> Bool),
                                              verify: (Double, ProcessResult) throws -> Void) throws -> [Double] {
        guard window > 0.01 else { throw Failure.stageTooFast(stage: stage, window: window, seed: seed) }
        var instants: [Double] = []
        var finishedFirst = 0
        while instants.count < kills {
            guard finishedFirst <= 3 * kills else { throw Failure.stageTooFast(stage: stage, window: window, seed: seed) }
            let delay = Double.random(in: 0..<window, using: &generator)
            let (process, started) = try start()
            while process.process.isRunning, !started() { usleep(500) }
            let begun = Date()
            usleep(useconds_t(delay * 1_000_000))
            let instant = Date().timeIntervalSince(begun)
            process.signal(SIGKILL)
            let result = process.wait()
            guard process.process.terminationReason == .uncaughtSignal, result.status == SIGKILL else {
                guard result.status == 0 else { throw Failure.stageFailed(stage: stage, result: result) }
                finishedFirst += 1
                continue
            }
            instants.append(instant)
            try verify(instant, result)
        }
        print("\(stage) kill test (seed \(seed)): killed at " + instants.map { String(format: "%.3f", $0) }.joined(separator: ", ")
              + String(format: " s of %.3f s; %d runs finished first", window, finishedFirst))
        return instants
    }

    /// Sends `signal` (SIGINT, SIGTERM) once `ready` holds, as Ctrl-C or a service manager
    /// would, and waits for the stage; nil when it finished before it was ready.
    public static func stop(_ process: RunningProcess, with signal: Int32, when ready: () -> Bool) -> ProcessResult? {
        while process.process.isRunning, !ready() { usleep(500) }
        guard process.process.isRunning else {
            _ = process.wait()
            return nil
        }
        process.signal(signal)
        return process.wait()
    }

    public enum Failure: Error, CustomStringConvertible {
        case stageTooFast(stage: String, window: Double, seed: UInt64)
        case stageFailed(stage: String, result: ProcessResult)

        public var description: String {
            switch self {
            case let .stageTooFast(stage, window, seed):
                "\(stage) finished before most kills (working time \(window) s, seed \(seed)): slow it down"
            case let .stageFailed(stage, result):
                "\(stage) exited \(result.status) before it could be killed: \(result.stderr)"
            }
        }
    }
}
