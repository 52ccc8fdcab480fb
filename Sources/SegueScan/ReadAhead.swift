import Foundation
import SegueCore

/// Reads the files a scan must read on threads of its own, in order and at most `window`
/// files ahead of the last batch taken, so that reading tags and audio identities keeps every
/// core busy while a batch is turned into changes and written, instead of stopping at each
/// batch's end for the slowest file and for the write. Each reader, as it claims a file,
/// asks the kernel for the file `prefetchDistance` further on (`FilePrefetch`), so that
/// files the page cache no longer holds are read from the disk while the readers work,
/// instead of each reader waiting for its own file's disk read with a core idle.
final class ReadAhead: @unchecked Sendable {
    /// Files asked for ahead of the last one claimed: at about 0.2 ms of CPU per small file
    /// and reader, enough to cover a disk read of a few milliseconds, and few enough that
    /// what is asked for is still cached when it is read.
    static let prefetchDistance = 32

    private let items: [ScanPlan.ReadItem]
    private let window: Int
    private let reporter: ProgressReporter?
    private let prefetch: @Sendable (ScanPlan.ReadItem) -> Void
    /// Guards everything below, and tells readers and the taker that it changed.
    private let condition = NSCondition()
    /// File `i` waits in slot `i % window` until taken: a reader claims `i` only after
    /// `i - window` was taken, so no two files ever share a slot.
    private var slots: [InspectedFile?]
    private var claimed = 0
    private var taken = 0
    /// The files `take` waits for, and how many of them are still being read: the reader of
    /// the last one wakes it, once a batch rather than once a file.
    private var awaited: Range<Int>?
    private var missing = 0
    /// Readers waiting for a slot to come free.
    private var waitingReaders = 0
    private var stopped = false
    private var running = 0

    /// Starts `readers` threads on `items`; `prefetch` asks for a file ahead of its reader.
    init(items: [ScanPlan.ReadItem], readers: Int, window: Int, reporter: ProgressReporter?,
         prefetch: @escaping @Sendable (ScanPlan.ReadItem) -> Void = { FilePrefetch.hint(path: $0.file.path, size: $0.size) }) {
        self.items = items
        self.prefetch = prefetch
        // No more slots than files: a large `library.batch_size` would otherwise hold them empty.
        self.window = max(1, min(window, items.count))
        self.reporter = reporter
        slots = Array(repeating: nil, count: self.window)
        guard !items.isEmpty else { return }
        running = max(1, min(readers, items.count))
        for _ in 0..<running {
            Thread { [self] in read() }.start()
        }
    }

    /// The files of `range`, in order, once all of them are read. Each call takes the range
    /// after the previous one, no longer than the window.
    func take(_ range: Range<Int>) -> [InspectedFile] {
        condition.lock()
        defer { condition.unlock() }
        awaited = range
        missing = range.count { slots[$0 % window] == nil }
        while missing > 0 { condition.wait() }
        awaited = nil
        let files = range.map { index in
            defer { slots[index % window] = nil }
            return slots[index % window]!
        }
        taken = range.upperBound
        if waitingReaders > 0 { condition.broadcast() }
        return files
    }

    /// Lets the readers finish the files they are reading, and waits for them.
    func stop() {
        condition.lock()
        defer { condition.unlock() }
        stopped = true
        condition.broadcast()
        while running > 0 { condition.wait() }
    }

    private func read() {
        while let index = claim() {
            prefetchAhead(of: index)
            let item = items[index]
            let file = FileInspector.inspect(item.file, size: item.size, mtime: item.mtime,
                                             wantsByteFingerprint: item.wantsByteFingerprint)
            condition.withLock {
                slots[index % window] = file
                if awaited?.contains(index) == true {
                    missing -= 1
                    if missing == 0 { condition.broadcast() }
                }
            }
            reporter?.advance()
        }
        condition.withLock {
            running -= 1
            condition.broadcast()
        }
    }

    /// Asks for the file `prefetchDistance` after `index`, and for those before it when
    /// `index` is the first: each file is asked for once, by the reader that claims the file
    /// that far before it.
    private func prefetchAhead(of index: Int) {
        let ahead = index + Self.prefetchDistance
        let first = index == 0 ? 1 : ahead
        for next in first...ahead where next < items.count && items[next].file.kind != nil && items[next].size > 0 {
            prefetch(items[next])
        }
    }

    /// The next file to read, once it is within the window; nil when all are claimed or the
    /// scan stops.
    private func claim() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        while !stopped, claimed < items.count, claimed >= taken + window {
            waitingReaders += 1
            condition.wait()
            waitingReaders -= 1
        }
        guard !stopped, claimed < items.count else { return nil }
        defer { claimed += 1 }
        return claimed
    }
}
