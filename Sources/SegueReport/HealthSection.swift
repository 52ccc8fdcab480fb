/// The pipeline's health: each stage's last run, analysis coverage and failures, genre
/// coverage by source, and how much of the listening history matched the library.
enum HealthSection {
    static func html(_ health: HealthData, library: LibrarySummary) -> String {
        var html = "<section id=\"health\"><h2>Pipeline health</h2>"
        html += stageRuns(health.stageRuns)
        html += "<div class=\"columns\"><div>" + analysis(health, library: library)
        html += failures(title: "Analysis failures", noun: "Tracks", reasons: health.analysisFailureReasons, failures: health.analysisFailures,
                         total: health.analysisFailureCount, id: "analysis-failures")
        if let reasons = health.scanFailureReasons {
            html += failures(title: "Scan failures", noun: "Files", reasons: reasons, failures: health.scanFailures,
                             total: reasons.reduce(0) { $0 + $1.count }, id: "scan-failures")
        }
        html += "</div><div>" + genres(health, library: library) + listens(health.listens) + "</div></div>"
        return html + "</section>"
    }

    private static func stageRuns(_ runs: [HealthData.StageRunSummary]) -> String {
        var html = "<h3>Last runs</h3>"
        guard !runs.isEmpty else { return html + "<p class=\"muted\">No stage has run yet.</p>" }
        html += "<table class=\"runs\"><thead><tr><th>Stage</th><th>Status</th><th>Started</th><th class=\"num\">Duration</th>"
            + "<th>Counts</th><th>Summary</th><th>Recent runs</th></tr></thead><tbody>"
        // Every pipeline stage has its row, in pipeline order, even before its first run.
        let known = HealthQueries.stageOrder.map { stage in runs.first { $0.stage == stage }.map(row) ?? neverRun(stage) }
        let others = runs.filter { !HealthQueries.stageOrder.contains($0.stage) }.map(row)
        return html + (known + others).joined() + "</tbody></table>"
    }

    private static func row(_ run: HealthData.StageRunSummary) -> String {
        var html = "<tr><td><strong>\(Markup.escape(run.stage))</strong></td>"
        html += "<td><span class=\"status \(statusClass(run.status))\">\(Markup.escape(run.status))</span></td>"
        html += "<td class=\"when\">\(Markup.timestamp(run.startedAt))</td>"
        html += "<td class=\"num\">\(run.finishedAt.map { Markup.elapsed(seconds: $0.timeIntervalSince(run.startedAt)) } ?? "–")</td>"
        html += "<td class=\"counts\">" + run.counts.map { "\(Markup.escape($0.name)) <b>\(Markup.count($0.value))</b>" }.joined(separator: " · ") + "</td>"
        html += "<td class=\"message\">\(Markup.escape(run.message ?? ""))</td><td class=\"history\">"
        html += run.recentStatuses.map { "<span class=\"dot \(statusClass($0))\" title=\"\(Markup.escape($0))\"></span>" }.joined()
        return html + "</td></tr>"
    }

    private static func neverRun(_ stage: String) -> String {
        "<tr><td><strong>\(stage)</strong></td><td><span class=\"status never\">never run</span></td><td colspan=\"5\"></td></tr>"
    }

    private static func statusClass(_ status: String) -> String {
        switch status {
        case "ok": "ok"
        case "running": "running"
        case "temporary", "interrupted": "warn"
        default: "bad"
        }
    }

    private static func analysis(_ health: HealthData, library: LibrarySummary) -> String {
        let failed = health.analysisFailureCount
        let pending = max(0, library.tracks - library.analysedTracks - failed)
        var html = "<h3>Analysis coverage</h3>"
        html += stacked([("analysed", library.analysedTracks, "ok"), ("failed", failed, "bad"), ("pending", pending, "pending")],
                        total: max(library.tracks, library.analysedTracks + failed))
        html += "<p class=\"legend-line\">"
        html += "<span class=\"key ok\"></span>analysed <b>\(Markup.count(library.analysedTracks))</b> (\(Markup.percent(library.analysedTracks, of: library.tracks))) "
        html += "<span class=\"key bad\"></span>failed <b>\(Markup.count(failed))</b> "
        html += "<span class=\"key pending\"></span>pending <b>\(Markup.count(pending))</b></p>"
        return html
    }

    private static func genres(_ health: HealthData, library: LibrarySummary) -> String {
        var html = "<h3>Genre coverage</h3><p class=\"muted\">Share of tracks whose track, album or artist has genres from each source.</p>"
        html += "<table class=\"bars\"><tbody>"
        html += bar(label: "any source", part: health.tracksWithGenres, whole: library.tracks, style: "total")
        for source in health.genreCoverage {
            html += bar(label: source.source, part: source.tracks, whole: library.tracks, style: "source")
        }
        return html + "</tbody></table>"
    }

    private static func listens(_ sources: [HealthData.ListenSource]?) -> String {
        var html = "<h3>Listening history</h3>"
        guard let sources else { return html + "<p class=\"muted\">No listening history table yet.</p>" }
        guard !sources.isEmpty else { return html + "<p class=\"muted\">No listens fetched.</p>" }
        let (listens, matched) = sources.reduce((0, 0)) { ($0.0 + $1.listens, $0.1 + $1.matched) }
        html += "<p>Matched <b>\(Markup.count(matched))</b> of <b>\(Markup.count(listens))</b> listens to library tracks "
            + "(<b>\(Markup.percent(matched, of: listens))</b>).</p><table class=\"bars\"><tbody>"
        for source in sources {
            html += bar(label: source.source, part: source.matched, whole: source.listens, style: "source")
        }
        return html + "</tbody></table>"
    }

    private static func failures(title: String, noun: String, reasons: [HealthData.ReasonCount], failures: [HealthData.Failure],
                                 total: Int, id: String) -> String {
        var html = "<div class=\"failures\" id=\"\(id)\"><h3>\(title) <span class=\"count\(total == 0 ? " zero" : "")\">\(Markup.count(total))</span></h3>"
        guard !reasons.isEmpty else { return html + "<p class=\"muted\">None.</p></div>" }
        html += "<table class=\"reasons\"><thead><tr><th>Reason</th><th class=\"num\">\(noun)</th></tr></thead><tbody>"
        for reason in reasons {
            html += "<tr><td>\(Markup.escape(reason.reason))"
            html += reason.example.map { "<span class=\"example\">e.g. \(Markup.escape($0))</span>" } ?? ""
            html += "</td><td class=\"num\">\(Markup.count(reason.count))</td></tr>"
        }
        html += "</tbody></table>"
        html += "<details open=\"open\"><summary>First \(failures.count) of \(Markup.count(total))</summary><table class=\"failure-list\"><tbody>"
        for failure in failures {
            html += "<tr><td><code>\(Markup.escape(failure.subject))</code></td><td>\(Markup.escape(failure.reason))</td>"
            html += "<td class=\"num\">\(failure.attempts.map { "\($0)×" } ?? "")</td></tr>"
        }
        return html + "</tbody></table></details></div>"
    }

    private static func bar(label: String, part: Int, whole: Int, style: String) -> String {
        let width = whole > 0 ? min(100, Double(part) / Double(whole) * 100) : 0
        return "<tr><th>\(Markup.escape(label))</th><td class=\"track\"><span class=\"fill \(style)\" style=\"width:\(Markup.decimal(width, digits: 1))%\"></span></td>"
            + "<td class=\"num\">\(Markup.percent(part, of: whole))</td><td class=\"num muted\">\(Markup.count(part))</td></tr>"
    }

    private static func stacked(_ parts: [(String, Int, String)], total: Int) -> String {
        var html = "<div class=\"stacked\">"
        for (name, value, style) in parts where value > 0 {
            let width = Double(value) / Double(max(total, 1)) * 100
            html += "<span class=\"\(style)\" style=\"width:\(Markup.decimal(width, digits: 2))%\" title=\"\(name): \(value)\"></span>"
        }
        return html + "</div>"
    }
}
