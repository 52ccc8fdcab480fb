import Foundation

/// Carries outcomes from the worker threads to the single writer.
final class ResultChannel: @unchecked Sendable {
    private let condition = NSCondition()
    private var outcomes: [TrackOutcome] = []
    private var runningWorkers: Int

    init(workers: Int) {
        runningWorkers = workers
    }

    func put(_ outcome: TrackOutcome) {
        condition.withLock {
            outcomes.append(outcome)
            condition.signal()
        }
    }

    func workerFinished() {
        condition.withLock {
            runningWorkers -= 1
            condition.signal()
        }
    }

    /// Up to `limit` outcomes, waiting until one arrives or `deadline` (if any) passes;
    /// `finished` once every worker is done and nothing is left.
    func take(limit: Int, until deadline: Date?) -> (outcomes: [TrackOutcome], finished: Bool) {
        condition.withLock {
            while outcomes.isEmpty, runningWorkers > 0 {
                if let deadline {
                    guard condition.wait(until: deadline) else { break }
                } else {
                    condition.wait()
                }
            }
            let taken = Array(outcomes.prefix(limit))
            outcomes.removeFirst(taken.count)
            return (taken, outcomes.isEmpty && runningWorkers == 0)
        }
    }
}
