import Foundation

/// Progress of a long stage: a bar with rate and ETA on a terminal, and a plain log line
/// every `logInterval` seconds otherwise (cron logs stay readable).
public final class ProgressReporter: @unchecked Sendable {
    private let label: String
    private let program: String
    private let isTerminal: Bool
    private let enabled: Bool
    private let logInterval: TimeInterval
    private let lock = NSLock()
    private let started = Date()
    private var total: Int
    private var done = 0
    private var lastDraw = Date.distantPast

    public init(program: String, label: String, total: Int, enabled: Bool = true,
                isTerminal: Bool = Console.isTerminal, logInterval: TimeInterval = 10) {
        self.program = program
        self.label = label
        self.total = total
        self.enabled = enabled
        self.isTerminal = isTerminal
        self.logInterval = logInterval
    }

    public func advance(by count: Int = 1) {
        lock.lock()
        defer { lock.unlock() }
        done += count
        let now = Date()
        let interval = isTerminal ? 0.1 : logInterval
        guard enabled, now.timeIntervalSince(lastDraw) >= interval else { return }
        lastDraw = now
        draw(now: now, final: false)
    }

    public func finish() {
        lock.lock()
        defer { lock.unlock() }
        guard enabled, isTerminal, total > 0 else { return }
        draw(now: Date(), final: true)
    }

    private func draw(now: Date, final: Bool) {
        let elapsed = now.timeIntervalSince(started)
        let rate = Self.rate(done: done, elapsed: elapsed)
        let line = Self.describe(label: label, done: done, total: total, rate: rate)
        if isTerminal {
            let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 0
            let width = 24
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            FileHandle.standardError.write(Data("\r\(program): [\(bar)] \(line)\u{1B}[K\(final ? "\n" : "")".utf8))
        } else {
            Console.writeError("\(program): \(line)")
        }
    }

    static func rate(done: Int, elapsed: TimeInterval) -> Double {
        elapsed > 0 ? Double(done) / elapsed : 0
    }

    /// `label 120/2000 (6%), 340.2/s, ETA 0:05`.
    static func describe(label: String, done: Int, total: Int, rate: Double) -> String {
        let percent = total > 0 ? Int(Double(done) * 100 / Double(total)) : 100
        var text = "\(label) \(done)/\(total) (\(percent)%), \(String(format: "%.1f", rate))/s"
        if rate > 0, total > done {
            text += ", ETA \(formatDuration(Double(total - done) / rate))"
        }
        return text
    }

    public static func formatDuration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded(.up))
        let hours = whole / 3600, minutes = whole / 60 % 60, secs = whole % 60
        return hours > 0 ? String(format: "%d:%02d:%02d", hours, minutes, secs) : String(format: "%d:%02d", minutes, secs)
    }
}
