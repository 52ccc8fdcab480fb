import Foundation
import GRDB

/// Loads the playlists with their tracks' tags and features.
///
/// Export owns what it stores beyond the core schema; the report reads, when present:
/// `playlist_tracks.is_seed` (or `seed`), `playlist_tracks.transition_score` (or
/// `transition`), and `playlists.relaxations` (a JSON array of strings, or one per line).
enum PlaylistQueries {
    static let seedColumns = ["is_seed", "seed"]
    static let transitionColumns = ["transition_score", "transition"]
    static let relaxationColumns = ["relaxations", "relaxed"]

    static func storesTransitions(_ db: Database) throws -> Bool {
        try SchemaProbe.column(db, table: "playlist_tracks", candidates: transitionColumns) != nil
    }

    static func playlists(_ db: Database) throws -> [PlaylistData] {
        let relaxations = try SchemaProbe.column(db, table: "playlists", candidates: relaxationColumns)
        var playlists = try Row.fetchAll(db, sql: """
            SELECT id, name, file_path, generated_at\(relaxations.map { ", \($0) AS relaxations" } ?? "")
            FROM playlists ORDER BY id
            """).map { row in
            PlaylistData(id: row["id"], name: row["name"], filePath: row["file_path"], generatedAt: row["generated_at"],
                         entries: [], relaxations: relaxations.map { _ in relaxationList(row["relaxations"]) })
        }
        let seed = try SchemaProbe.column(db, table: "playlist_tracks", candidates: seedColumns)
        let transition = try SchemaProbe.column(db, table: "playlist_tracks", candidates: transitionColumns)
        let rows = try Row.fetchCursor(db, sql: """
            SELECT pt.playlist_id, pt.position, t.id, t.artist, t.title, t.path, t.duration_ms,
                   f.bpm, f.musical_key, f.mode, f.energy, f.loudness_lufs,
                   \(seed.map { "pt.\($0)" } ?? "0") AS is_seed,
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
                isSeed: (row["is_seed"] as Bool?) ?? false,
                transitionScore: isFirst ? nil : row["transition_score"]))
        }
        return playlists
    }


    private static func relaxationList(_ value: String?) -> [String] {
        guard let value, !value.isEmpty else { return [] }
        if let list = try? JSONSerialization.jsonObject(with: Data(value.utf8)) as? [Any] {
            return list.map { ($0 as? String) ?? String(describing: $0) }
        }
        return value.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }
    }
}
