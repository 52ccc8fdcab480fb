import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An exclusive lock on a file in `checkpoints/`, held by one process at a time.
///
/// Built on `flock(2)`, so the kernel releases it when the holder dies, even by SIGKILL:
/// there is never a stale lock to clean up. The holder writes who it is into the file, so
/// a second process can name it (pid, stage, since when).
public final class StageLock: @unchecked Sendable {
    public let path: String
    private var descriptor: Int32

    /// Takes the lock or throws `RuntimeError.lockHeld` naming the holder.
    public init(path: String, holder stage: String, now: Date = Date()) throws(RuntimeError) {
        self.path = path
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw .lockUnavailable(path: path, reason: String(cString: strerror(errno)))
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines)
            close(descriptor)
            throw .lockHeld(lock: path, holder: holder.flatMap { $0.isEmpty ? nil : $0 } ?? "another process")
        }
        let since = ISO8601DateFormatter().string(from: now)
        let identity = "pid \(getpid()) (\(stage)) since \(since)\n"
        _ = ftruncate(descriptor, 0)
        _ = identity.withCString { pwrite(descriptor, $0, strlen($0), 0) }
    }

    public func release() {
        guard descriptor >= 0 else { return }
        _ = ftruncate(descriptor, 0)
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit {
        release()
    }
}
