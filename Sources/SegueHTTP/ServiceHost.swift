import Foundation
import Logging

/// What a response parser says about a response it cannot use.
public enum ResponseProblem: Error, Sendable {
    /// Transient (a 503, a truncated body, Last.fm's "try again later"): retry after backoff.
    case retry(reason: String, after: Double? = nil)
    /// This request will not succeed (an HTTP 400): give it up, keep the host.
    case reject(reason: String)
    /// The service refuses us altogether (a suspended API key, a wrong password): give up the host.
    case fatal(reason: String)
}

/// One web service as a stage sees it: its rate limit, its retries with backoff, and the
/// run-wide decision to give it up after `maxConsecutiveFailures` failures in a row.
public final class ServiceHost: @unchecked Sendable {
    public let name: String
    private let client: HTTPClient
    private let limiter: RateLimiter
    private let policy: RetryPolicy
    private let logger: Logger
    private let lock = NSLock()
    private var consecutiveFailures = 0
    private var givenUpReason: String?
    private var requests = 0

    public init(name: String, client: HTTPClient, requestsPerSecond: Double, policy: RetryPolicy, logger: Logger) {
        self.name = name
        self.client = client
        limiter = RateLimiter(requestsPerSecond: requestsPerSecond)
        self.policy = policy
        self.logger = logger
    }

    public var requestsPerSecond: Double { limiter.requestsPerSecond }

    /// Requests sent so far, retries included.
    public var requestCount: Int { locked { requests } }

    public var isGivenUp: Bool { locked { givenUpReason != nil } }

    /// GETs `url` until `parse` accepts the response, the request is rejected, or the host is
    /// given up. Server errors (429, 5xx), transport failures and `ResponseProblem.retry`
    /// are retried after `Retry-After` or an exponential backoff.
    public func fetch<T>(_ url: String, headers: [String] = ["Accept: application/json"],
                         parse: (HTTPResponse) throws(ResponseProblem) -> T) throws(ServiceError) -> T {
        try send(HTTPRequest(url: url, headers: headers), parse: parse)
    }

    /// Sends `request` (a GET, a POST, a DELETE) with the retries of `fetch`.
    public func send<T>(_ request: HTTPRequest, parse: (HTTPResponse) throws(ResponseProblem) -> T) throws(ServiceError) -> T {
        let url = request.url
        var attempt = 0
        while true {
            if let reason = locked({ givenUpReason }) { throw .givenUp(service: name, reason: reason) }
            limiter.acquire()
            locked { requests += 1 }
            let problem: ResponseProblem
            do {
                let response = try client.send(request)
                if response.status == 429 || response.status >= 500 {
                    problem = .retry(reason: "HTTP \(response.status)", after: response.retryAfter())
                } else {
                    do {
                        let value = try parse(response)
                        locked { consecutiveFailures = 0 }
                        return value
                    } catch {
                        problem = error
                    }
                }
            } catch {
                problem = .retry(reason: error.reason)
            }
            attempt += 1
            try handle(problem, url: url, attempt: attempt)
        }
    }

    private func handle(_ problem: ResponseProblem, url: String, attempt: Int) throws(ServiceError) {
        let shown = HTTPClient.redact(url)
        switch problem {
        case let .reject(reason):
            locked { consecutiveFailures = 0 }
            throw .rejected(url: url, reason: reason)
        case let .fatal(reason):
            giveUp(reason)
            throw .givenUp(service: name, reason: reason)
        case let .retry(reason, after):
            let failures = locked { consecutiveFailures += 1; return consecutiveFailures }
            if failures >= policy.maxConsecutiveFailures {
                let summary = "\(failures) failures in a row, the last: \(reason)"
                giveUp(summary + " at \(shown)")
                throw .givenUp(service: name, reason: summary)
            }
            let delay = policy.delay(attempt: attempt, retryAfter: after)
            logger.warning("\(name): \(shown): \(reason); retrying in \(String(format: "%.1f", delay)) s")
            limiter.pause(seconds: delay)
        }
    }

    private func giveUp(_ reason: String) {
        locked { if givenUpReason == nil { givenUpReason = reason } }
        logger.warning("\(name): giving up for this run: \(reason)")
    }

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}
