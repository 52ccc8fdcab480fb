import Foundation
import SegueCore

/// Reads the files a scan must read on threads of its own, in order and at most `window`
/// files ahead of the last batch taken, so that reading tags and audio identities keeps every
/// core busy while a batch is turned into changes and written, instead of stopping at each
/// batch's end for the slowest file and for the write.
final class ReadAhead: @unchecked Sendable {
    private let items: [ScanPlan.ReadItem]
    private let window: Int
    private let reporter: ProgressReporter?
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

    /// Starts `readers` threads on `items`.
    init(items: [ScanPlan.ReadItem], readers: Int, window: Int, reporter: ProgressReporter?) {
        self.items = items
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
