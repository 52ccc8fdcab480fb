import Foundation

/// `--workers N|auto` and `analysis.workers` (0 = auto): how many tracks are decoded and
/// measured at once.
public enum WorkerCount: Sendable, Equatable {
    case auto
    case fixed(Int)

    /// Parses the flag's value; nil when it is neither `auto` nor a positive number.
    public init?(argument: String) {
        if argument.lowercased() == "auto" {
            self = .auto
        } else if let count = Int(argument), count > 0 {
            self = .fixed(count)
        } else {
            return nil
        }
    }

    /// From the configuration, where 0 means one per core.
    public init(configured: Int) {
        self = configured > 0 ? .fixed(configured) : .auto
    }

    public var resolved: Int {
        switch self {
        case .auto: max(1, ProcessInfo.processInfo.activeProcessorCount)
        case .fixed(let count): count
        }
    }
}
