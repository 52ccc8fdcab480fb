import CWorkerProcess
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One worker process, as its supervisor sees it: the pid, the supervisor's end of the
/// socket, and the job in hand with its deadline.
final class WorkerProcess {
    /// How a worker ended.
    enum Termination: Equatable {
        case exited(Int32)
        case signalled(Int32)

        /// "(signal 11)", "(exit status 70)": what reads on from "decoder crashed".
        var detail: String {
            switch self {
            case let .signalled(signal): "(signal \(signal))"
            case let .exited(status): status == 0 ? "(exited without a result)" : "(exit status \(status))"
            }
        }
    }

    let pid: pid_t
    let socket: WireSocket
    /// The job in hand, when it was handed over, and when it must be done (`MonotonicClock`).
    var job: PendingTrack?
    var handedAt = Date()
    var deadline = 0.0

    private init(pid: pid_t, socket: WireSocket) {
        self.pid = pid
        self.socket = socket
    }

    /// Starts this very executable again (`/proc/self/exe`, so the worker is always the
    /// supervisor's own build, even if the file was replaced meanwhile) in worker mode, with
    /// its socket as descriptor 3, stdin from /dev/null, SIGINT and SIGTERM blocked (stopping
    /// is the supervisor's decision) and stdout and stderr shared.
    static func spawn() throws(WireError) -> WorkerProcess {
        var ends: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0 else {
            throw .system(call: "socketpair", errno: errno)
        }
        var child = ends[1]
        if child == AnalysisWorker.socketDescriptor {
            // dup2 onto itself would leave close-on-exec set.
            child = fcntl(ends[1], F_DUPFD_CLOEXEC, AnalysisWorker.socketDescriptor + 1)
            _ = close(ends[1])
        }
        defer { _ = close(child) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, child, AnalysisWorker.socketDescriptor)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var blocked = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGINT)
        sigaddset(&blocked, SIGTERM)
        posix_spawnattr_setsigmask(&attributes, &blocked)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let arguments = [CommandLine.arguments.first ?? "segue-analyze", AnalysisWorker.flag, String(getpid())]
        var environment = ProcessInfo.processInfo.environment
        // A crash is an expected, recorded outcome: no minutes-long symbolicated backtrace for it.
        if environment["SWIFT_BACKTRACE"] == nil { environment["SWIFT_BACKTRACE"] = "enable=no" }
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, "/proc/self/exe", &actions, &attributes, argv, envp)
        guard status == 0 else {
            _ = close(ends[0])
            throw .system(call: "posix_spawn", errno: status)
        }
        return WorkerProcess(pid: pid, socket: WireSocket(descriptor: ends[0]))
    }

    func kill() {
        _ = Glibc.kill(pid, SIGKILL)
    }

    /// Collects the exit status, waiting at most `seconds` (then killing it and waiting
    /// `seconds` more); nil when it still has not ended, e.g. stuck in uninterruptible I/O,
    /// where the kernel finishes it later.
    func reap(within seconds: Double) -> Termination? {
        if let ended = poll(for: seconds) { return ended }
        kill()
        return poll(for: seconds)
    }

    private func poll(for seconds: Double) -> Termination? {
        let end = MonotonicClock.now() + seconds
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid {
                if segue_wait_signalled(status) != 0 { return .signalled(segue_wait_signal(status)) }
                return .exited(segue_wait_exited(status) != 0 ? segue_wait_exit_status(status) : -1)
            }
            if result < 0, errno != EINTR { return .exited(-1) }
            guard MonotonicClock.now() < end else { return nil }
            usleep(2_000)
        }
    }
}
