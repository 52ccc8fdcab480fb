/// Why a track could not be analysed: kept in `analysis_failures`, and skipped on later runs
/// until the file changes or `--retry-failed` is given.
public struct AnalysisFailure: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable, Comparable {
        case undecodable
        case truncated
        case tooShort = "too-short"
        case silent
        case zeroDuration = "zero-duration"
        /// The worker process measuring it died (a signal, or an exit of its own).
        case decoderCrashed = "decoder-crashed"
        /// Its worker gave no result within `analysis.track_timeout_seconds` and was killed.
        case timedOut = "timed-out"
        /// `segue-analyze` itself stopped twice while the track was in a worker (see
        /// `InFlightMarks`): whatever the cause, it is not tried a third time unasked.
        case interrupted

        /// How the summary line names it: "undecodable 2, too short 1".
        public var label: String { rawValue.replacingOccurrences(of: "-", with: " ") }

        /// Whether the detail reads on from the label as one phrase ("timed out after 120 s",
        /// "decoder crashed (signal 11)") rather than after a colon.
        var readsOn: Bool { self == .decoderCrashed || self == .timedOut }

        public static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public var kind: Kind
    /// One line saying what was found, without the path (the row names the track).
    public var detail: String

    public init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    /// `analysis_failures.reason`: "truncated: audio ends before 3:30 of a declared 4:00".
    public var reason: String {
        let line = detail.split(whereSeparator: \.isNewline).joined(separator: " ")
        if line.isEmpty { return kind.label }
        return kind.readsOn ? "\(kind.label) \(line)" : "\(kind.label): \(line)"
    }
}
