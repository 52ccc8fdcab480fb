import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Replaces a file so that a reader (a player, a sync tool, `make`) sees the old one or the
/// new one, never half of either, even after a power cut: a temporary file beside it,
/// flushed to disk, renamed over it, and the folder flushed so the rename itself is on disk.
///
/// Without the first flush a crash soon after the rename can leave an empty file under the
/// real name (the rename reached the disk before the data did); without the second, the old
/// file can come back. Every stage replaces its files through this (playlists, the report,
/// stamps and progress in `checkpoints/`).
public enum AtomicFile {
    /// Temporary files start with this, so a run killed mid-write leaves only files it can recognise.
    public static let temporaryPrefix = ".segue-tmp-"

    /// Why a write failed: the path it was for and the system's reason.
    public struct Failure: Error, Sendable {
        public var path: String
        public var reason: String
    }

    public static func write(_ text: String, to path: String) throws(Failure) {
        try write(Data(text.utf8), to: path)
    }

    public static func write(_ data: Data, to path: String) throws(Failure) {
        let folder = (path as NSString).deletingLastPathComponent
        let temporary = (folder.isEmpty ? "" : folder + "/") + "\(temporaryPrefix)\(getpid())-\((path as NSString).lastPathComponent)"
        func fail(_ step: String) -> Failure {
            Failure(path: path, reason: "\(step): \(String(cString: strerror(errno)))")
        }
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw fail("open") }
        var failure: Failure?
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count, failure == nil {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0, errno == EINTR {
                    continue
                } else {
                    failure = fail("write")
                }
            }
        }
        if failure == nil, fsync(descriptor) != 0 { failure = fail("fsync") }
        if close(descriptor) != 0, failure == nil { failure = fail("close") }
        if failure == nil, rename(temporary, path) != 0 { failure = fail("rename") }
        if let failure {
            unlink(temporary)
            throw failure
        }
        try syncFolder(folder.isEmpty ? "." : folder, for: path)
    }

    /// Flushes a folder's entries (a rename into it). File systems that cannot sync a folder
    /// say EINVAL; there is nothing more to do on those.
    private static func syncFolder(_ folder: String, for path: String) throws(Failure) {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Failure(path: path, reason: "open folder: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 || errno == EINVAL else {
            throw Failure(path: path, reason: "fsync folder: \(String(cString: strerror(errno)))")
        }
    }
}
