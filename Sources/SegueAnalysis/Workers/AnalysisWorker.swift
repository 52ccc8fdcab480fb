import CWorkerProcess
import Foundation
import SegueAudio
import SegueDSP
import SegueEmbedding
#if canImport(Glibc)
import Glibc
#endif

/// The body of a worker process: `segue-analyze` started again by its supervisor with
/// `--decode-worker <supervisor pid>`. It reads the settings, loads the embedding's model when
/// they ask for it, says it is ready, then reads one job at a time from the socket on descriptor 3, runs `TrackAnalysis.analyze` on it and sends the outcome back, until
/// the supervisor closes the socket. Whatever the decoder does to this process, a crash or a
/// hang, costs that one track: the supervisor sees it and goes on with a new worker.
public enum AnalysisWorker {
    /// The hidden first argument that makes `segue-analyze` a worker.
    public static let flag = "--decode-worker"
    /// The worker's end of its socket, as the supervisor places it.
    static let socketDescriptor: Int32 = 3

    enum ReadyField: UInt16 {
        case pid = 1
        /// Instead of being ready: why the worker cannot measure anything (the embedding's
        /// weights missing or damaged), and the exit status the run should end with.
        case setupFailure, setupStatus
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
            let embedder: TrackEmbedder?
            do {
                embedder = try analysis.embedding?.makeEmbedder()
            } catch {
                // No track is to blame: the supervisor stops the run with this one line.
                ready.add(ReadyField.setupFailure, error.message)
                ready.add(ReadyField.setupStatus, Int64(error.exitStatus.rawValue))
                try socket.send(ready)
                exit(0)
            }
            try socket.send(ready)
            let fault = DecoderFault()
            let decoder = AudioDecoder(secondaryRate: embedder == nil ? nil : TrackEmbedder.sampleRate)
            let analyzer = TrackAnalyzer()
            while let job = try socket.receive() {
                let track = try PendingTrack(wire: job)
                fault?.strike(track.path)
                try socket.send(analysis.analyze(track, decoder: decoder, analyzer: analyzer, embedder: embedder).wire)
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
