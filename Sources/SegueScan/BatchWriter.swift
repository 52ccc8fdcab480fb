import Foundation

/// The scan's single writer: commits one batch on its own thread while the readers go on
/// with the next, and keeps at most one batch in flight.
final class BatchWriter: @unchecked Sendable {
    private let store: LibraryStore
    private let now: Date
    private let queue = DispatchQueue(label: "segue.scan.writer")
    private let group = DispatchGroup()
    private var failure: (any Error)?

    init(store: LibraryStore, now: Date) {
        self.store = store
        self.now = now
    }

    /// Waits for the batch in flight, rethrows its error, then starts writing `changes`.
    func submit(_ changes: [ScanChange]) throws {
        try wait()
        guard !changes.isEmpty else { return }
        queue.async(group: group) { [self] in
            do {
                try store.write(changes, at: now)
            } catch {
                failure = error
            }
        }
    }

    /// Waits until everything submitted is committed.
    func wait() throws {
        group.wait()
        if let failure { throw failure }
    }
}
