import Foundation

/// A token bucket holding one token, refilled at `requestsPerSecond`: consecutive requests
/// to a host start at least `1 / requestsPerSecond` apart, bursts included, which is what
/// "1 request per second" means to MusicBrainz. The spacing has a 5% margin, so that delays
/// in transit never make the server see two requests closer than its limit allows.
public final class RateLimiter: @unchecked Sendable {
    public let requestsPerSecond: Double
    private let lock = NSLock()
    private var nextSlot = ContinuousClock.now

    public init(requestsPerSecond: Double) {
        self.requestsPerSecond = requestsPerSecond
    }

    public static let margin = 1.05

    private var interval: Duration { .seconds(Self.margin / requestsPerSecond) }

    /// Blocks until the next request may start, and takes that slot.
    public func acquire() {
        lock.lock()
        let now = ContinuousClock.now
        let slot = max(now, nextSlot)
        nextSlot = slot + interval
        lock.unlock()
        if slot > now { Thread.sleep(forTimeInterval: Self.seconds(slot - now)) }
    }

    /// Holds every request back for `seconds` from now (a Retry-After, a backoff).
    public func pause(seconds: Double) {
        lock.lock()
        nextSlot = max(nextSlot, ContinuousClock.now + .seconds(seconds))
        lock.unlock()
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
