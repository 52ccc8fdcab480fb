import Logging
import SegueCore

/// What a run tells its user: `--explain` on standard output, a line per playlist in the
/// log (a warning when it had to relax or came up short), and the run's summary.
public struct ExportReport {
    public let summary: PlaylistExporter.Summary
    public let explain: Bool
    public let logger: Logger

    public init(summary: PlaylistExporter.Summary, explain: Bool, logger: Logger) {
        self.summary = summary
        self.explain = explain
        self.logger = logger
    }

    public func outcome() -> StageOutcome {
        for notice in summary.notices {
            logger.notice("\(notice)")
        }
        for warning in summary.warnings {
            logger.warning("\(warning)")
        }
        for result in summary.results {
            if explain { print(ExplainFormatter.explain(result) + "\n") }
            let line = ExplainFormatter.summary(result)
            if result.shortfall > 0 || !result.relaxations.isEmpty || result.spacingConflicts > 0 {
                logger.warning("\(line)")
            } else {
                logger.info("\(line)")
            }
        }
        for path in summary.removed {
            logger.info("removed \(path): no longer defined")
        }
        for path in summary.skipped {
            logger.warning("not written: \(path) exists and was not written by Segue")
        }
        return StageOutcome(status: summary.isTemporary ? .temporary : .ok, counts: [
            ("playlists", summary.results.count), ("written", summary.written), ("tracks", summary.trackCount),
            ("minutes", summary.minutes), ("artists", summary.artistCount), ("relaxations", summary.relaxationCount),
            ("short", summary.shortCount), ("removed", summary.removed.count), ("skipped", summary.skipped.count),
            ("kept", summary.kept), ("unmounted_folders", summary.unmounted.count),
        ], summary: "night \(summary.night): " + summary.line)
    }
}
