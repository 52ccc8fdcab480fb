#if canImport(Glibc)
import Glibc
#endif

/// glibc's allocator hands freed memory back to the kernel as soon as 128 KiB are free at
/// the top of a heap, and serves blocks from 128 KiB up with their own `mmap`: a scan, which
/// allocates and frees the same buffers for every file (FFmpeg's I/O buffers, the 64 KiB file
/// samples, TagLib's byte vectors) on every reader thread, then faults in zeroed pages again
/// for each file and unmaps them, with a TLB flush of the other cores each time. Kept, the
/// freed memory serves the next file: a first scan of the bench's 2,000 files takes 5,000
/// page faults instead of 11,700, and about 4 % less CPU (eight alternating runs each).
/// A scan's memory is bounded by its readers' window, so keeping it costs no more than its peak.
enum MallocTuning {
    /// `M_TRIM_THRESHOLD` and `M_MMAP_THRESHOLD` of glibc's `malloc.h`, which Swift's Glibc
    /// module does not import (nor `mallopt`, looked up below).
    private static let trimThreshold: Int32 = -1
    private static let mmapThreshold: Int32 = -3

    static func keepFreedMemory() {
        // RTLD_DEFAULT: the process's own symbols, glibc's among them.
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
        _ = mallopt(trimThreshold, 256 << 20)
        _ = mallopt(mmapThreshold, 32 << 20)
    }
}
