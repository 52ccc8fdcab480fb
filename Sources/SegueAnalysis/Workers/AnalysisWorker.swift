import CWorkerProcess
import Foundation
import SegueAudio
import SegueDSP
#if canImport(Glibc)
import Glibc
#endif

/// The body of a worker process: `segue-analyze` started again by its supervisor with
/// `--decode-worker <supervisor pid>`. It reads the settings, then one job at a time from the
/// socket on descriptor 3, runs `TrackAnalysis.analyze` on it and sends the outcome back, until
/// the supervisor closes the socket. Whatever the decoder does to this process, a crash or a
/// hang, costs that one track: the supervisor sees it and goes on with a new worker.
public enum AnalysisWorker {
    /// The hidden first argument that makes `segue-analyze` a worker.
    public static let flag = "--decode-worker"
    /// The worker's end of its socket, as the supervisor places it.
    static let socketDescriptor: Int32 = 3

    enum ReadyField: UInt16 {
        case pid = 1
    }

    /// The supervisor's pid when `arguments` (the whole command line) start a worker.
    public static func supervisor(in arguments: [String]) -> pid_t? {
        guard arguments.count == 3, arguments[1] == flag else { return nil }
        return pid_t(arguments[2])
    }

    public static func run(supervisor: pid_t) -> Never {
        // Die with the supervisor, even by SIGKILL, rather than decode on as an orphan; a
        // supervisor that died before this line is caught by the parent check.
        _ = segue_die_with_parent(SIGKILL)
        guard getppid() == supervisor else { exit(0) }
        // Started as /proc/self/exe, the kernel would name it "exe" in top and ps.
        _ = segue_set_process_name("segue-analyze")
        // A crashing decoder is an expected outcome here, recorded per track: no core files.
        var noCore = rlimit(rlim_cur: 0, rlim_max: 0)
        _ = setrlimit(Int32(RLIMIT_CORE.rawValue), &noCore)

        let socket = WireSocket(descriptor: socketDescriptor)
        do {
            guard let settings = try socket.receive() else { exit(0) }
            let analysis = try TrackAnalysis(wire: settings)
            var ready = WireWriter()
            ready.add(ReadyField.pid, Int64(getpid()))
            try socket.send(ready)
            let fault = DecoderFault()
            let decoder = AudioDecoder()
            let analyzer = TrackAnalyzer()
            while let job = try socket.receive() {
                let track = try PendingTrack(wire: job)
                fault?.strike(track.path)
                try socket.send(analysis.analyze(track, decoder: decoder, analyzer: analyzer).wire)
            }
            exit(0)
        } catch .closed {
            exit(0)
        } catch {
            // Only a supervisor's bug gets here; it reads the status.
            FileHandle.standardError.write(Data("segue-analyze worker: \(error.description)\n".utf8))
            exit(70)
        }
    }
}
