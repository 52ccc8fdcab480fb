import Foundation
import GRDB
import SegueCore

/// Loads the pipeline's health: stage runs, failures, genre and history coverage.
enum HealthQueries {
    /// The pipeline's order; stages the report does not know follow alphabetically.
    static let stageOrder = ["scan", "analyze", "genres", "index", "export"]
    static let recentRuns = 10
    static let listedFailures = 20

    static func health(_ db: Database) throws -> HealthData {
        let scan = try scanFailures(db)
        return HealthData(
            stageRuns: try stageRuns(db),
            analysisFailureReasons: try failureGroups(db, table: "analysis_failures"),
            analysisFailures: try Row.fetchAll(db, sql: """
                SELECT t.path, f.reason, f.attempts FROM analysis_failures f JOIN tracks t ON t.id = f.track_id
                ORDER BY t.path LIMIT ?
                """, arguments: [listedFailures]).map { HealthData.Failure(subject: $0["path"], reason: $0["reason"], attempts: $0["attempts"]) },
            analysisFailureCount: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM analysis_failures") ?? 0,
            scanFailureReasons: scan?.reasons,
            scanFailures: scan?.failures ?? [],
            genreCoverage: try genreCoverage(db),
            tracksWithGenres: try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT id) FROM (\(tracksWithGenreSources))") ?? 0,
            listens: try listens(db))
    }

    static func stageRuns(_ db: Database) throws -> [HealthData.StageRunSummary] {
        let latest = try StageRun.fetchAll(db, sql: """
            SELECT * FROM stage_runs WHERE id IN (SELECT MAX(id) FROM stage_runs GROUP BY stage)
            """)
        var recent: [String: [String]] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT stage, status FROM (
                SELECT stage, status, id, ROW_NUMBER() OVER (PARTITION BY stage ORDER BY id DESC) AS age FROM stage_runs
            ) WHERE age <= ? ORDER BY id
            """, arguments: [recentRuns]) {
            recent[row["stage"], default: []].append(row["status"])
        }
        func rank(_ stage: String) -> (Int, String) { (stageOrder.firstIndex(of: stage) ?? stageOrder.count, stage) }
        return latest.sorted { rank($0.stage) < rank($1.stage) }.map { run in
            HealthData.StageRunSummary(stage: run.stage, status: run.status, startedAt: run.startedAt, finishedAt: run.finishedAt,
                                       counts: counts(json: run.counts), message: run.message,
                                       recentStatuses: recent[run.stage] ?? [])
        }
    }

    /// Numeric entries of a `stage_runs.counts` JSON object, by name.
    static func counts(json: String) -> [(name: String, value: Int)] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { return [] }
        return object.compactMap { name, value in (value as? NSNumber).map { (name, $0.intValue) } }.sorted { $0.name < $1.name }
    }

    /// One row per present track and genre source, at any level (track, album, artist).
    private static let tracksWithGenreSources = """
        SELECT t.id, g.source FROM tracks t JOIN track_genres g ON g.track_id = t.id WHERE t.missing_since IS NULL
        UNION SELECT t.id, g.source FROM tracks t JOIN album_genres g ON g.album_id = t.album_id WHERE t.missing_since IS NULL
        UNION SELECT t.id, g.source FROM tracks t JOIN artist_genres g ON g.artist_id = t.artist_id WHERE t.missing_since IS NULL
        """

    private static func genreCoverage(_ db: Database) throws -> [HealthData.SourceCoverage] {
        try Row.fetchAll(db, sql: """
            SELECT source, COUNT(*) AS tracks FROM (\(tracksWithGenreSources)) GROUP BY source ORDER BY tracks DESC, source
            """).map { HealthData.SourceCoverage(source: $0["source"], tracks: $0["tracks"]) }
    }

    /// `scan_failures` belongs to the scan stage; its reasons and paths when it has them.
    private static func scanFailures(_ db: Database) throws -> (reasons: [HealthData.ReasonCount], failures: [HealthData.Failure])? {
        guard try SchemaProbe.column(db, table: "scan_failures", candidates: ["reason"]) != nil else { return nil }
        let subject = try SchemaProbe.column(db, table: "scan_failures", candidates: ["path", "track_id"]) ?? "rowid"
        let reasons = try failureGroups(db, table: "scan_failures")
        let failures = try Row.fetchAll(db, sql: """
            SELECT CAST(\(subject) AS TEXT) AS subject, reason FROM scan_failures ORDER BY subject LIMIT ?
            """, arguments: [listedFailures]).map { HealthData.Failure(subject: $0["subject"] ?? "", reason: $0["reason"], attempts: nil) }
        return (reasons, failures)
    }

    /// Failures grouped by their `kind` where the stage stores one (its reasons carry
    /// per-file details, so each would be a group of one), else by reason.
    private static func failureGroups(_ db: Database, table: String) throws -> [HealthData.ReasonCount] {
        guard let kind = try SchemaProbe.column(db, table: table, candidates: ["kind"]) else {
            return try Row.fetchAll(db, sql: """
                SELECT reason, COUNT(*) AS count FROM \(table) GROUP BY reason ORDER BY count DESC, reason
                """).map { HealthData.ReasonCount(reason: $0["reason"], count: $0["count"], example: nil) }
        }
        return try Row.fetchAll(db, sql: """
            SELECT \(kind) AS kind, COUNT(*) AS count, MIN(reason) AS example FROM \(table) GROUP BY \(kind) ORDER BY count DESC, kind
            """).map { row in
            let label = (row["kind"] as String? ?? "unknown").replacingOccurrences(of: "-", with: " ")
            return HealthData.ReasonCount(reason: label, count: row["count"], example: row["example"])
        }
    }

    private static func listens(_ db: Database) throws -> [HealthData.ListenSource]? {
        guard try SchemaProbe.column(db, table: "listens", candidates: ["track_id"]) != nil else { return nil }
        return try Row.fetchAll(db, sql: """
            SELECT source, COUNT(*) AS listens, COUNT(track_id) AS matched FROM listens GROUP BY source ORDER BY listens DESC, source
            """).map { HealthData.ListenSource(source: $0["source"], listens: $0["listens"], matched: $0["matched"]) }
    }
}
