import Foundation
import GRDB

/// Loads the playlists with their tracks' tags and features.
///
/// Export owns what it stores beyond the core schema (PlaylistMigrations); the report reads,
/// when present: `playlist_tracks.reason` (why the track is there, `seed` for a seed),
/// `playlist_tracks.transition_score`, and `playlists.relaxations` (joined with "; ").
enum PlaylistQueries {
    static let reasonColumns = ["reason"]
    static let transitionColumns = ["transition_score"]
    static let relaxationColumns = ["relaxations"]
    static let seedReason = "seed"

    static func storesTransitions(_ db: Database) throws -> Bool {
        try SchemaProbe.column(db, table: "playlist_tracks", candidates: transitionColumns) != nil
    }

    static func playlists(_ db: Database) throws -> [PlaylistData] {
        let relaxations = try SchemaProbe.column(db, table: "playlists", candidates: relaxationColumns)
        var playlists = try Row.fetchAll(db, sql: """
            SELECT id, name, file_path, generated_at\(relaxations.map { ", \($0) AS relaxations" } ?? "")
            FROM playlists ORDER BY id
            """).map { row in
            PlaylistData(id: row["id"], name: row["name"], filePath: row["file_path"], generatedAt: lenient(row, "generated_at"),
                         entries: [], relaxations: relaxations.map { _ in relaxationList(lenient(row, "relaxations")) })
        }
        let reason = try SchemaProbe.column(db, table: "playlist_tracks", candidates: reasonColumns)
        let transition = try SchemaProbe.column(db, table: "playlist_tracks", candidates: transitionColumns)
        let rows = try Row.fetchCursor(db, sql: """
            SELECT pt.playlist_id, pt.position, t.id, t.artist, t.title, t.path, t.duration_ms,
                   f.bpm, f.musical_key, f.mode, f.energy, f.loudness_lufs,
                   \(reason.map { "pt.\($0)" } ?? "NULL") AS reason,
                   \(transition.map { "pt.\($0)" } ?? "NULL") AS transition_score
            FROM playlist_tracks pt
            JOIN tracks t ON t.id = pt.track_id
            LEFT JOIN sonic_features f ON f.track_id = t.id
            ORDER BY pt.playlist_id, pt.position
            """)
        let slots = Dictionary(uniqueKeysWithValues: playlists.enumerated().map { ($1.id, $0) })
        while let row = try rows.next() {
            guard let slot = slots[row["playlist_id"]] else { continue }
            let key: String? = row["musical_key"]
            let mode: String? = row["mode"]
            let isFirst = playlists[slot].entries.isEmpty
            playlists[slot].entries.append(PlaylistData.Entry(
                position: row["position"], trackID: row["id"],
                artist: TrackLabel.artist(row["artist"]), title: TrackLabel.title(row["title"], path: row["path"]),
                durationMs: row["duration_ms"], bpm: row["bpm"],
                key: key.map { [$0, mode].compactMap { $0 }.joined(separator: " ") },
                energy: row["energy"], loudnessLUFS: row["loudness_lufs"],
                reason: lenient(row, "reason"), isSeed: lenient(row, "reason") == seedReason,
                transitionScore: isFirst ? nil : lenient(row, "transition_score")))
        }
        return playlists
    }


    /// Export's list ("a; b"), or a JSON array or one per line from other writers.
    private static func relaxationList(_ value: String?) -> [String] {
        guard let value, !value.isEmpty else { return [] }
        if let list = try? JSONSerialization.jsonObject(with: Data(value.utf8)) as? [Any] {
            return list.map { ($0 as? String) ?? String(describing: $0) }
        }
        return value.split(whereSeparator: { $0 == ";" || $0.isNewline })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// A column another stage writes, nil when its value does not convert (rather than the
    /// fatal error of a typed subscript), so a surprise there costs one cell, not the report.
    private static func lenient<Value: DatabaseValueConvertible>(_ row: Row, _ column: String) -> Value? {
        Value.fromDatabaseValue(row[column] as DatabaseValue)
    }
}
