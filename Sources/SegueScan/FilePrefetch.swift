#if canImport(Glibc)
import Glibc
#endif

/// Asks the kernel to start reading a file's first and last bytes into the page cache, without
/// waiting for them. A file that is not cached (a first scan after the cache was reclaimed, a
/// cold disk) then reaches its reader already read, or being read, instead of stopping that
/// reader at each `pread`, while the others have the core to themselves: read one file at a
/// time that way, a cold library leaves a core idle for each file's disk latency.
enum FilePrefetch {
    /// What a reader reads of most files: the head (tags, stream headers, the identity's first
    /// 64 KiB of packets) and the tail (the last 64 KiB, trailing tags), with room for small
    /// cover art and headers before the packets. A small file is read whole; a large one's
    /// middle is never asked for, since nothing reads it.
    static let headBytes = 256 * 1024
    static let tailBytes = 128 * 1024

    /// Hints the kernel to read `path`'s head and tail (`POSIX_FADV_WILLNEED`); errors are
    /// ignored, the reader meets them itself.
    static func hint(path: String, size: Int) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        for range in ranges(size: size) {
            _ = posix_fadvise(descriptor, off_t(range.lowerBound), off_t(range.count), POSIX_FADV_WILLNEED)
        }
    }

    /// The byte ranges asked for in a file of `size` bytes: all of a small one, else its
    /// head and its tail.
    static func ranges(size: Int) -> [Range<Int>] {
        guard size > headBytes + tailBytes else { return size > 0 ? [0..<size] : [] }
        return [0..<headBytes, (size - tailBytes)..<size]
    }
}
