import Foundation

/// The text of `--explain` and of each playlist's summary line.
public enum ExplainFormatter {
    /// Why a track is in its playlist, in a few words (also stored in `playlist_tracks.reason`).
    public static func reason(_ entry: PlaylistEntry) -> String {
        switch entry.reason {
        case .seed:
            return "seed"
        case .neighbour(nil):
            return "near the mix's centre"
        case let .step(step, total, fit):
            let share = Int((Double(step - 1) / Double(max(1, total - 1)) * 100).rounded())
            return "step \(step) of \(total), \(share) % of the way: fit \(format(fit.score))"
                + (fit.sonic.map { ", sonic \(format($0))" } ?? "") + (fit.genre.map { ", genre \(format($0))" } ?? "")
        case .neighbour(let breakdown?):
            var parts = ["similarity \(format(breakdown.score))"]
            if let sonic = breakdown.sonic { parts.append("sonic \(format(sonic))") }
            if let genre = breakdown.genre { parts.append("genre \(format(genre))") }
            if breakdown.artistBoost != 0 { parts.append("artist +\(format(breakdown.artistBoost))") }
            if let hub = entry.hub { parts.append(hubNote(hub)) }
            return parts.joined(separator: ", ")
        }
    }

    /// `hub: among the 10 nearest of 212 tracks (median 9), score ×0.41`.
    static func hubNote(_ hub: HubPenalty.Mark) -> String {
        "hub: among the \(NeighbourFacts.hubRanks) nearest of \(hub.inDegree) tracks (median \(hub.median)), score ×\(format(hub.factor))"
    }

    public static func explain(_ result: PlaylistResult) -> String {
        var lines = ["== \(result.name) (\(result.spec.kind.rawValue), seed \(result.seed))", summary(result)]
        lines.append("   rules passed by every track: " + result.rulesPassed.map(\.rawValue).joined(separator: ", "))
        if !result.rejected.isEmpty {
            let counts = result.rejected.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \($0.value)" }
            lines.append("   candidates left out: " + counts.joined(separator: ", "))
        }
        for (position, entry) in result.entries.enumerated() {
            let track = entry.track
            var line = String(format: "%3d. ", position + 1) + "\(TagText.line(track.artist)) - \(TagText.line(track.title))"
            if let seconds = track.durationSeconds { line += " (\(minutes(seconds)))" }
            line += "\n       why: \(reason(entry))"
            if let transition = entry.transition {
                line += "; transition \(format(transition.score)) (timbre \(format(transition.timbre)), "
                    + "tempo \(format(transition.tempo)), key \(format(transition.key)))"
            } else if position > 0 {
                line += "; transition unknown"
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// `Name: 30 tracks, 124 min, 24 artists, mean transition 0.71; relaxed: …`.
    public static func summary(_ result: PlaylistResult) -> String {
        var line = "\(result.name): \(result.entries.count) tracks, \(Int((result.totalSeconds / 60).rounded())) min, "
            + "\(result.artistCount) artists"
        if let mean = result.meanTransition { line += ", mean transition \(format(mean))" }
        if !result.relaxations.isEmpty {
            line += "; relaxed: " + result.relaxations.map(\.description).joined(separator: ", ")
        }
        if result.spacingConflicts > 0 {
            line += "; \(result.spacingConflicts) artist/album spacing conflicts kept (too few artists or albums)"
        }
        if result.shortfall > 0 {
            line += "; \(result.shortfall) fewer than the \(result.spec.rules.tracks) asked: the library has no more that fit"
        }
        return line
    }

    static func format(_ value: Double) -> String {
        String(format: "%.2f", value)
    }

    static func minutes(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        return String(format: "%d:%02d", whole / 60, whole % 60)
    }
}
