import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A daemon a test starts in the foreground and stops by its pid, spawned with `posix_spawn`
/// rather than Foundation's `Process`, for two reasons seen with Slurm's daemons:
/// - Foundation learns that a child ended when a socket the child inherited closes, on one
///   thread for all its children; `slurmctld` closes every inherited descriptor as it starts,
///   so Foundation took it for ended and blocked in `waitpid` on it for good, and no other
///   child of the test (an `sinfo`) was ever reaped.
/// - A child inherits the signal mask of the thread that spawns it, and the test's threads
///   block nearly every signal: a daemon would then ignore the SIGTERM that stops it. Here it
///   starts with no signal blocked and every handler at its default.
///
/// Its output goes to `log`; it is reaped by `waitpid` here.
final class DaemonProcess: @unchecked Sendable {
    let name: String
    let pid: pid_t
    let log: String
    private var status: Int32?

    init(name: String, command: [String], environment: [String: String], log: String) throws(SlurmError) {
        self.name = name
        self.log = log
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = command.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, command[0], &actions, &attributes, argv, envp)
        guard result == 0 else { throw .start("\(name): posix_spawn \(command[0]): \(String(cString: strerror(result)))") }
        self.pid = pid
    }

    var isRunning: Bool {
        guard status == nil else { return false }
        var code: Int32 = 0
        let reaped = waitpid(pid, &code, WNOHANG)
        if reaped == pid || (reaped == -1 && errno == ECHILD) {
            status = code
            return false
        }
        return true
    }

    /// The last lines it printed, for a failure's message.
    var output: String {
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(15).joined(separator: "\n")
    }

    /// SIGTERM, SIGKILL if it has not ended within `grace` seconds, and reaped.
    func stop(grace: Double = 5) {
        guard isRunning else { return }
        kill(pid, SIGTERM)
        let end = Date().addingTimeInterval(grace)
        while isRunning, Date() < end {
            usleep(50_000)
        }
        guard isRunning else { return }
        kill(pid, SIGKILL)
        var code: Int32 = 0
        if waitpid(pid, &code, 0) == pid { status = code }
    }
}
