import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The stop signal this process received, 0 for none. A signal handler may only touch
/// lock-free state, hence an atomic rather than a lock.
private let receivedStopSignal = Atomic<Int32>(0)

/// A request to stop, which each stage checks between batches: the batch in hand is
/// committed, then `check` throws `StageInterruption` and the stage exits 1 with one line.
///
/// Every stage's executable catches SIGINT (Ctrl-C) and SIGTERM (a service manager, a
/// shutdown) through `StageCommand`, so this is built once here rather than in each stage.
public final class StageCancellation: Sendable {
    private let requested = Atomic<Bool>(false)
    private let followsSignals: Bool

    /// A cancellation set only by `request()`: in-process runs and their tests.
    public init() {
        followsSignals = false
    }

    private init(followsSignals: Bool) {
        self.followsSignals = followsSignals
    }

    /// Catches SIGINT and SIGTERM for the whole process. The first asks for a stop after the
    /// current batch; a second ends the process at once by the signal's default action, which
    /// is safe too, since every batch is its own transaction.
    public static func catchingStopSignals() -> StageCancellation {
        // A parent may start the stage with these blocked (a thread of a supervisor or a test
        // runner): they would then stay pending and never reach the handler.
        var stops = sigset_t()
        sigemptyset(&stops)
        for number in [SIGINT, SIGTERM] { sigaddset(&stops, number) }
        pthread_sigmask(SIG_UNBLOCK, &stops, nil)
        for number in [SIGINT, SIGTERM] {
            // glibc's signal() installs the handler with SA_RESTART, so reads and writes in
            // flight are resumed, not failed with EINTR.
            _ = signal(number) { number in
                if receivedStopSignal.exchange(number, ordering: .relaxed) != 0 {
                    _ = signal(number, SIG_DFL)
                    _ = raise(number)
                }
            }
        }
        return StageCancellation(followsSignals: true)
    }

    public var isRequested: Bool {
        requested.load(ordering: .relaxed) || (followsSignals && receivedStopSignal.load(ordering: .relaxed) != 0)
    }

    public func request() {
        requested.store(true, ordering: .relaxed)
    }

    /// Throws when a stop was asked for; call it between batches, with what is committed so far.
    public func check(committed: Int, of total: Int, _ unit: String) throws(StageInterruption) {
        guard isRequested else { return }
        throw StageInterruption(committed: committed, total: total, unit: unit)
    }
}
