/// Why a track could not be analysed: kept in `analysis_failures`, and skipped on later runs
/// until the file changes or `--retry-failed` is given.
public struct AnalysisFailure: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable, Comparable {
        case undecodable
        case truncated
        case tooShort = "too-short"
        case silent
        case zeroDuration = "zero-duration"

        /// How the summary line names it: "undecodable 2, too short 1".
        public var label: String { rawValue.replacingOccurrences(of: "-", with: " ") }

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
        return line.isEmpty ? kind.label : "\(kind.label): \(line)"
    }
}
