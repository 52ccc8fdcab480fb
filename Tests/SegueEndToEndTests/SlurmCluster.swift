import Foundation
import SegueTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A real single-node Slurm cluster of a test's own: `munged`, `slurmctld` and `slurmd` from
/// Debian's `munge` and `slurm-wlm` (which `make test-deps` installs), with their key,
/// configuration, state, spool and logs in a temporary folder and their ports free on
/// loopback, so that tests (and engineers) on one machine never share a cluster.
///
/// The daemons are stopped by pid in `stop()`, which tests call in a `defer`, so that they
/// never outlive a test that fails; they are also started under `setpriv --pdeathsig`, so the
/// kernel kills them should the test process itself die. They are `DaemonProcess`es, not
/// Foundation's, which says why.
final class SlurmCluster: @unchecked Sendable {
    static let programs = ["/usr/sbin/munged", "/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/bin/sbatch",
                           "/usr/bin/sinfo", "/usr/bin/squeue", "/usr/bin/scancel", "/usr/bin/setpriv"]

    let folder: TemporaryDirectory
    var config: String { folder.file("slurm.conf") }
    private var daemons: [DaemonProcess] = []
    private var stopped = false

    /// `SLURM_CONF`, for the Slurm commands and for `sbatch`'s jobs.
    var environment: [String: String] { ["SLURM_CONF": config] }

    init() throws {
        for program in Self.programs where !FileManager.default.isExecutableFile(atPath: program) {
            throw SlurmError.missing("\(program) is not installed (make test-deps installs slurm-wlm and munge)")
        }
        folder = try TemporaryDirectory(prefix: "segue-slurm")
        do {
            try start()
        } catch {
            stop()
            throw error
        }
    }

    deinit {
        stop()
    }

    /// Runs a Slurm command (`sbatch`, `squeue`, `scancel`…) against this cluster.
    @discardableResult
    func run(_ program: String, _ arguments: [String], environment extra: [String: String] = [:]) throws -> ProcessResult {
        try ProcessRunner.run("/usr/bin/\(program)", arguments, in: FixtureFiles.packageRoot,
                              environment: commandEnvironment.merging(extra) { $1 })
    }

    func start(_ program: String, _ arguments: [String], environment extra: [String: String] = [:]) throws -> RunningProcess {
        try ProcessRunner.start("/usr/bin/\(program)", arguments, in: FixtureFiles.packageRoot,
                                environment: commandEnvironment.merging(extra) { $1 })
    }

    /// The array tasks not yet ended, as `JOB_TASK` ids.
    func activeTasks() throws -> [String] {
        try run("squeue", ["--noheader", "--array", "--format=%i"]).stdout.split(separator: "\n").map(String.init)
    }

    /// Cancels every job, waits for them to end, then stops the daemons by pid: SIGTERM, and
    /// SIGKILL for one that does not end within a few seconds.
    func stop() {
        guard !stopped else { return }
        stopped = true
        if daemons.contains(where: { $0.name == "slurmctld" }) {
            _ = try? run("scancel", ["--full", "--signal=KILL", "--user=root"])
            _ = try? run("scancel", ["--user=root"])
            let end = Date().addingTimeInterval(20)
            while Date() < end, let tasks = try? activeTasks(), !tasks.isEmpty {
                usleep(200_000)
            }
        }
        for daemon in daemons.reversed() {
            daemon.stop()
        }
        daemons = []
    }

    /// Stops the controller alone, as when it goes down: `sbatch` can then no longer reach Slurm.
    func stopController() {
        guard let controller = daemons.first(where: { $0.name == "slurmctld" }) else { return }
        controller.stop(grace: 0)
        daemons.removeAll { $0.name == "slurmctld" }
    }

    /// The daemons' own logs, for a failure's message.
    func logs() -> String {
        ["munged.log", "slurmctld.log", "slurmd.log"].map { name in
            let text = (try? String(contentsOfFile: folder.file(name), encoding: .utf8)) ?? "(none)"
            return "== \(name)\n" + text.split(separator: "\n").suffix(15).joined(separator: "\n")
        }.joined(separator: "\n")
    }

    private var commandEnvironment: [String: String] {
        ["PATH": Installation.path, "HOME": folder.path, "LC_ALL": "C.UTF-8", "SLURM_CONF": config]
    }

    private func start() throws {
        for name in ["munge", "state", "spool"] {
            try FileManager.default.createDirectory(atPath: folder.file(name), withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        }
        let key = folder.file("munge/munge.key")
        var random = SystemRandomNumberGenerator()
        try Data((0..<1024).map { _ in UInt8.random(in: 0...255, using: &random) }).write(to: URL(fileURLWithPath: key))
        try FileManager.default.setAttributes([.posixPermissions: 0o400], ofItemAtPath: key)
        let socket = folder.file("munge/munge.socket")
        try daemon("munged", ["/usr/sbin/munged", "--foreground", "--force", "--socket=\(socket)", "--key-file=\(key)",
                              "--pid-file=\(folder.file("munge/munged.pid"))", "--seed-file=\(folder.file("munge/seed"))",
                              "--log-file=\(folder.file("munged.log"))"])
        try waitFor("munged to open its socket") { FileManager.default.fileExists(atPath: socket) }

        let ports = try Self.freePorts(2)
        try configuration(controllerPort: ports[0], nodePort: ports[1], mungeSocket: socket)
            .write(toFile: config, atomically: true, encoding: .utf8)
        try daemon("slurmctld", ["/usr/sbin/slurmctld", "-D", "-f", config])
        try daemon("slurmd", ["/usr/sbin/slurmd", "-D", "-f", config])
        try waitFor("slurmd to register its node as idle") {
            (try? run("sinfo", ["--noheader", "--format=%T"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)) == "idle"
        }
    }

    private func configuration(controllerPort: Int, nodePort: Int, mungeSocket: String) -> String {
        """
        ClusterName=segue-test
        SlurmctldHost=localhost
        SlurmctldPort=\(controllerPort)
        SlurmdPort=\(nodePort)
        SlurmUser=root
        SlurmdUser=root
        AuthType=auth/munge
        AuthInfo=socket=\(mungeSocket)
        CredType=cred/munge
        StateSaveLocation=\(folder.file("state"))
        SlurmdSpoolDir=\(folder.file("spool"))
        SlurmctldPidFile=\(folder.file("slurmctld.pid"))
        SlurmdPidFile=\(folder.file("slurmd.pid"))
        SlurmctldLogFile=\(folder.file("slurmctld.log"))
        SlurmdLogFile=\(folder.file("slurmd.log"))
        ProctrackType=proctrack/linuxproc
        TaskPlugin=task/none
        SelectType=select/cons_tres
        SelectTypeParameters=CR_Core
        JobAcctGatherType=jobacct_gather/none
        AccountingStorageType=accounting_storage/none
        MpiDefault=none
        MailProg=/bin/true
        ReturnToService=2
        KillWait=2
        MinJobAge=4
        NodeName=localhost CPUs=2 State=UNKNOWN
        PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP

        """
    }

    /// Starts a daemon in the foreground, tied to this process by `PR_SET_PDEATHSIG`.
    private func daemon(_ name: String, _ command: [String]) throws {
        daemons.append(try DaemonProcess(name: name, command: ["/usr/bin/setpriv", "--pdeathsig", "KILL", "--"] + command,
                                         environment: commandEnvironment, log: folder.file("\(name).out")))
    }

    private func waitFor(_ what: String, within seconds: Double = 60, _ condition: () -> Bool) throws {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if condition() { return }
            if let ended = daemons.first(where: { !$0.isRunning }) {
                throw SlurmError.start("\(ended.name) ended while waiting for \(what): \(ended.output)\n\(logs())")
            }
            usleep(100_000)
        }
        throw SlurmError.start("gave up after \(Int(seconds)) s waiting for \(what)\n\(logs())")
    }

    /// Ports nothing listens on, found by binding port 0 on loopback.
    private static func freePorts(_ count: Int) throws -> [Int] {
        var sockets: [Int32] = []
        defer { sockets.forEach { close($0) } }
        return try (0..<count).map { _ in
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard descriptor >= 0 else { throw SlurmError.start("socket: \(String(cString: strerror(errno)))") }
            sockets.append(descriptor)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                    bind(descriptor, socketAddress, length) == 0 && getsockname(descriptor, socketAddress, &length) == 0
                }
            }
            guard bound else { throw SlurmError.start("bind: \(String(cString: strerror(errno)))") }
            return Int(UInt16(bigEndian: address.sin_port))
        }
    }
}

enum SlurmError: Error, CustomStringConvertible {
    case missing(String)
    case start(String)

    var description: String {
        switch self {
        case let .missing(message): "Slurm is missing: \(message)"
        case let .start(message): "the test's Slurm cluster did not start: \(message)"
        }
    }
}
