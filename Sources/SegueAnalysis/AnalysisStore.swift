import Foundation
import GRDB
import SegueCore
import SegueDSP
import SegueEmbedding

/// The reads and writes of `segue-analyze`: which tracks need measuring, and one short
/// write transaction per batch of results.
struct AnalysisStore: Sendable {
    let database: any DatabaseWriter

    /// The tracks to analyse, in id order, and how many earlier failures are being skipped.
    struct Selection: Sendable {
        var pending: [PendingTrack]
        var skippedFailures: Int
        /// The skipped failures by kind (`analysis_failures.kind`).
        var skippedKinds: [String: Int]
        var upToDate: Int
    }

    /// Present tracks without features of `version` (or, with `embedding`, without an
    /// embedding of that model and version), or whose file changed after they were analysed;
    /// a failed track only when its file changed since, or with `retryFailed`.
    func select(version: Int, embedding: (model: String, version: Int)?, force: Bool, retryFailed: Bool) throws -> Selection {
        try database.read { db in
            // julianday() compares dates whatever their text form (space or `T`, zone or not).
            let rows = try Row.fetchCursor(db, sql: """
                SELECT t.id, t.path, t.duration_ms,
                       f.track_id IS NOT NULL AS analysed,
                       f.version AS version,
                       f.track_id IS NOT NULL AND julianday(f.analyzed_at) < julianday(t.content_changed_at) AS changed,
                       a.track_id IS NOT NULL AND julianday(a.last_attempt_at) >= julianday(t.content_changed_at) AS failed,
                       a.kind AS failure_kind,
                       e.track_id IS NOT NULL AND e.model = ? AND e.version = ? AS embedded
                FROM tracks t
                LEFT JOIN sonic_features f ON f.track_id = t.id
                LEFT JOIN analysis_failures a ON a.track_id = t.id
                LEFT JOIN sonic_embeddings e ON e.track_id = t.id
                WHERE t.missing_since IS NULL
                ORDER BY t.id
                """, arguments: [embedding?.model, embedding?.version])
            var selection = Selection(pending: [], skippedFailures: 0, skippedKinds: [:], upToDate: 0)
            while let row = try rows.next() {
                let cause: PendingTrack.Cause?
                if row["failed"] as Bool {
                    guard retryFailed || force else {
                        selection.skippedFailures += 1
                        selection.skippedKinds[row["failure_kind"] ?? "unknown", default: 0] += 1
                        continue
                    }
                    cause = .retry
                } else if !(row["analysed"] as Bool) {
                    cause = .new
                } else if row["version"] as Int != version || (embedding != nil && !(row["embedded"] as Bool)) {
                    cause = .outdated
                } else if row["changed"] as Bool {
                    cause = .changed
                } else {
                    cause = force ? .forced : nil
                }
                guard let cause else {
                    selection.upToDate += 1
                    continue
                }
                selection.pending.append(PendingTrack(id: row["id"], path: row["path"],
                                                      durationMilliseconds: row["duration_ms"], cause: cause))
            }
            return selection
        }
    }

    /// Writes one batch in one transaction. A track deleted meanwhile (a rescan) is passed over.
    func commit(_ outcomes: [TrackOutcome], version: Int, runID: Int64?) throws {
        try database.write { db in
            let saveFeatures = try db.cachedStatement(sql: """
                INSERT INTO sonic_features (track_id, version, vector, bpm, musical_key, mode, loudness_lufs, energy,
                    analyzed_at, segment_vectors, bpm_confidence, key_strength, loudness_range, analyzed_seconds,
                    analysis_count, run_id)
                SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ? WHERE EXISTS (SELECT 1 FROM tracks WHERE id = ?)
                ON CONFLICT(track_id) DO UPDATE SET
                    version = excluded.version, vector = excluded.vector, bpm = excluded.bpm,
                    musical_key = excluded.musical_key, mode = excluded.mode, loudness_lufs = excluded.loudness_lufs,
                    energy = excluded.energy, analyzed_at = excluded.analyzed_at,
                    segment_vectors = excluded.segment_vectors, bpm_confidence = excluded.bpm_confidence,
                    key_strength = excluded.key_strength, loudness_range = excluded.loudness_range,
                    analyzed_seconds = excluded.analyzed_seconds,
                    analysis_count = sonic_features.analysis_count + 1, run_id = excluded.run_id
                """)
            let clearFailure = try db.cachedStatement(sql: "DELETE FROM analysis_failures WHERE track_id = ?")
            let saveFailure = try db.cachedStatement(sql: """
                INSERT INTO analysis_failures (track_id, reason, attempts, last_attempt_at, kind)
                SELECT ?, ?, 1, ?, ? WHERE EXISTS (SELECT 1 FROM tracks WHERE id = ?)
                ON CONFLICT(track_id) DO UPDATE SET
                    reason = excluded.reason, attempts = analysis_failures.attempts + 1,
                    last_attempt_at = excluded.last_attempt_at, kind = excluded.kind
                """)
            let saveEmbedding = try db.cachedStatement(sql: """
                INSERT INTO sonic_embeddings (track_id, model, version, vector, patches, analyzed_at)
                SELECT ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM tracks WHERE id = ?)
                ON CONFLICT(track_id) DO UPDATE SET
                    model = excluded.model, version = excluded.version, vector = excluded.vector,
                    patches = excluded.patches, analyzed_at = excluded.analyzed_at
                """)
            // Features of a file that no longer analyses would describe audio that is gone; an
            // embedding left from before a change, too.
            let clearFeatures = try db.cachedStatement(sql: "DELETE FROM sonic_features WHERE track_id = ?")
            let clearEmbedding = try db.cachedStatement(sql: "DELETE FROM sonic_embeddings WHERE track_id = ?")
            let unmark = try db.cachedStatement(sql: "DELETE FROM analysis_in_flight WHERE track_id = ?")
            for outcome in outcomes {
                let id = outcome.track.id
                try unmark.execute(arguments: [id])
                switch outcome.result {
                case let .analysed(features, embedding, seconds):
                    try saveFeatures.execute(arguments: [
                        id, version, FeatureBlob.encode(features.vector), features.bpm, features.key, features.mode,
                        features.loudnessLUFS, features.energy, outcome.startedAt,
                        FeatureBlob.encode(features.segmentVectors), features.bpmConfidence, features.keyStrength,
                        features.loudnessRange, seconds, runID, id,
                    ])
                    try clearFailure.execute(arguments: [id])
                    if let embedding {
                        try saveEmbedding.execute(arguments: [
                            id, TrackEmbedding.model, TrackEmbedding.version, FeatureBlob.encode(embedding.vector),
                            embedding.patches, outcome.startedAt, id,
                        ])
                    } else {
                        try clearEmbedding.execute(arguments: [id])
                    }
                case let .failed(failure):
                    try saveFailure.execute(arguments: [id, failure.reason, outcome.startedAt, failure.kind.rawValue, id])
                    try clearFeatures.execute(arguments: [id])
                    try clearEmbedding.execute(arguments: [id])
                }
            }
        }
    }

    /// Audio seconds measured per second of wall time per worker in the last finished run, to
    /// estimate a dry run's duration.
    func lastThroughput() throws -> Double? {
        try database.read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT counts, (julianday(finished_at) - julianday(started_at)) * 86400 AS seconds
                FROM stage_runs WHERE stage = 'analyze' AND status = 'ok' AND finished_at IS NOT NULL
                ORDER BY id DESC LIMIT 1
                """),
                let text = row["counts"] as String?,
                let counts = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Int],
                let audio = counts["audio_seconds"], let workers = counts["workers"], workers > 0,
                let seconds = row["seconds"] as Double?, seconds > 0, audio > 0
            else { return nil }
            return Double(audio) / seconds / Double(workers)
        }
    }
}
