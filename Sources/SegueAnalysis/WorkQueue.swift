import Foundation

/// The tracks still to hand out, shared by the workers; `cancel()` stops the handing out.
final class WorkQueue: @unchecked Sendable {
    private let lock = NSLock()
    private let tracks: [PendingTrack]
    private var next = 0

    init(_ tracks: [PendingTrack]) {
        self.tracks = tracks
    }

    func take() -> PendingTrack? {
        lock.withLock {
            guard next < tracks.count else { return nil }
            defer { next += 1 }
            return tracks[next]
        }
    }

    func cancel() {
        lock.withLock { next = tracks.count }
    }
}
