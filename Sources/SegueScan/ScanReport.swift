/// What a scan did, for the summary line and `stage_runs.counts`.
public struct ScanReport: Sendable, Equatable {
    public var files = 0
    public var added = 0
    public var changed = 0
    public var moved = 0
    public var restored = 0
    /// Unchanged files read once to identify them by their audio (after an upgrade).
    public var identified = 0
    public var missing = 0
    public var purged = 0
    /// Files skipped this run, by problem (zero-byte, truncated, ...), new or known.
    public var failed: [ScanProblem: Int] = [:]
    /// Files added despite tag problems that were cleaned up, by problem.
    public var tagProblems: [ScanProblem: Int] = [:]
    public var dryRun = false
    /// One line per music folder whose vanished tracks were not marked missing.
    public var refusals: [String] = []

    public var failedCount: Int { failed.values.reduce(0, +) }

    public var changedAnything: Bool {
        added + changed + moved + restored + identified + missing + purged > 0
    }

    public var counts: [(String, Int)] {
        [("files", files), ("added", added), ("changed", changed), ("moved", moved), ("restored", restored),
         ("identified", identified), ("missing", missing), ("purged", purged), ("failed", failedCount),
         ("tag_problems", tagProblems.values.reduce(0, +)), ("refused_folders", refusals.count)]
    }

    /// `2000 files: 1990 added, 0 changed, 0 moved, 0 missing, 10 failed (zero-byte 2, not audio 3)`.
    public var summary: String {
        var parts: [String]
        if changedAnything {
            parts = ["\(added) added", "\(changed) changed", "\(moved) moved", "\(missing) missing"]
            if restored > 0 { parts.append("\(restored) restored") }
            if identified > 0 { parts.append("\(identified) identified by their audio") }
            if purged > 0 { parts.append("\(purged) purged") }
        } else {
            parts = [dryRun ? "nothing would change" : "nothing changed"]
        }
        parts.append("\(failedCount) failed" + Self.breakdown(failed))
        if !tagProblems.isEmpty {
            parts.append("\(tagProblems.values.reduce(0, +)) with cleaned tags" + Self.breakdown(tagProblems))
        }
        let line = (dryRun ? "dry run, " : "") + "\(files) files: " + parts.joined(separator: ", ")
        return (refusals + [line]).joined(separator: "; ")
    }

    private static func breakdown(_ counts: [ScanProblem: Int]) -> String {
        guard !counts.isEmpty else { return "" }
        let ordered = ScanProblem.allCases.compactMap { problem in counts[problem].map { "\(problem.rawValue) \($0)" } }
        return " (" + ordered.joined(separator: ", ") + ")"
    }
}

extension ScanReport {
    /// Counts a batch of changes as they are committed.
    mutating func count(_ changes: [ScanChange]) {
        for change in changes {
            switch change {
            case .add: added += 1
            case .update(_, _, _, _, _, .none): identified += 1
            case .update: changed += 1
            case .move: moved += 1
            case .restore: restored += 1
            case .failure: break
            }
        }
    }
}
