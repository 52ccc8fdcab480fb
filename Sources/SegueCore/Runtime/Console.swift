import Foundation
import Logging
#if canImport(Glibc)
import Glibc
#endif

/// Where a stage talks to its user: log lines on standard error, prefixed with the stage.
public enum Console {
    public enum Verbosity: Sendable {
        case quiet, normal, verbose

        var logLevel: Logger.Level {
            switch self {
            case .quiet: .warning
            case .normal: .info
            case .verbose: .debug
            }
        }
    }

    /// Whether standard error is a terminal (progress bar) or a log file (plain lines).
    public static var isTerminal: Bool { isatty(STDERR_FILENO) != 0 }

    /// Points swift-log at standard error once per process.
    public static func bootstrap(program: String, verbosity: Verbosity) {
        LoggingSystem.bootstrap { label in
            var handler = ConsoleLogHandler(program: program)
            handler.logLevel = verbosity.logLevel
            return handler
        }
    }

    static func writeError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

/// One line per message: `segue-scan: message`, warnings and errors marked.
struct ConsoleLogHandler: LogHandler {
    let program: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let marker = switch event.level {
        case .warning: "warning: "
        case .error, .critical: "error: "
        default: ""
        }
        Console.writeError("\(program): \(marker)\(event.message)")
    }
}
