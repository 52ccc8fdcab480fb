import Logging
import SegueCore

/// The push's part of export's report: a line per player in the log, its counts, and the
/// run's status: a player given up makes the night `temporary` (exit 75), named in the
/// summary line (only there, so a refused login is one line).
public enum PushReport {
    public static func apply(_ pushes: [PushOutcome], to outcome: StageOutcome, logger: Logger) -> StageOutcome {
        var result = outcome
        for push in pushes where push.givenUp == nil {
            if push.failures.isEmpty { logger.info("\(push.line)") } else { logger.warning("\(push.line)") }
        }
        guard !pushes.isEmpty else { return result }
        result.counts += [
            ("players", pushes.count), ("pushed", pushes.reduce(0) { $0 + $1.created + $1.replaced }),
            ("unknown_tracks", pushes.reduce(0) { $0 + $1.unknownTracks }), ("player_requests", pushes.reduce(0) { $0 + $1.requests }),
        ]
        let givenUp = pushes.filter(\.isTemporaryFailure)
        if givenUp.isEmpty {
            let verb = pushes.contains(where: \.dryRun) ? "would push to" : "pushed to"
            result.summary += "; \(verb) " + pushes.map(\.player).joined(separator: ", ")
        } else {
            result.status = .temporary
            result.summary += "; " + givenUp.map(\.line).joined(separator: "; ") + "; files written, rerun later"
        }
        return result
    }
}
