import SegueAudio

/// Why a file was skipped, or what was wrong in its tags: the `kind` column of
/// `scan_failures`, and the words of the end-of-run summary.
public enum ScanProblem: String, Sendable, CaseIterable, Codable {
    case zeroByte = "zero-byte"
    case truncated
    case notAudio = "not audio"
    case unreadable
    case brokenSymlink = "broken symlink"
    case notRegularFile = "not a regular file"
    case badFileName = "bad file name"
    case controlCharacters = "control characters in tags"
    case absurdValues = "absurd tag values"

    /// Tag problems are cleaned up and the file is still added; the others skip the file.
    public var skipsFile: Bool {
        self != .controlCharacters && self != .absurdValues
    }

    /// Whether a file recorded with this problem is passed over until its size or mtime
    /// changes. An unreadable file is tried again on every scan: permissions change without
    /// touching either, and trying costs one failed open.
    public var waitsForAChange: Bool {
        skipsFile && self != .unreadable
    }
}

extension TagProblem {
    var scanProblem: ScanProblem {
        switch self {
        case .controlCharacters: .controlCharacters
        case .absurdValue: .absurdValues
        }
    }
}
