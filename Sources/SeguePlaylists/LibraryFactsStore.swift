import Foundation
import GRDB
import SegueCore
import SegueIndex

/// Export's library-wide facts — the neighbour graph's hubs and same-audio pairs, and the
/// duplicate groups — each derived once and kept in `playlist_derived` until what it was
/// derived from changes, so a night with nothing new reads a few kilobytes instead of the
/// whole graph and every track's tags.
public struct LibraryFactsStore: Sendable {
    let database: AppDatabase

    public init(database: AppDatabase) {
        self.database = database
    }

    /// Each track's `NeighbourFacts.hubRanks` nearest, and whether each may be the same audio
    /// (its sonic score at least the parameter, compared by SQLite: a column fewer to read per
    /// row of hundreds of thousands). The rank's bound is written out, not bound as a
    /// parameter: SQLite reads a partial index (`neighbours_nearest`, `rank <= 10`) only for a
    /// query whose own terms prove its condition.
    static let nearestNeighboursQuery = "SELECT track_id, neighbour_id, sonic_score >= ? FROM neighbours WHERE rank <= 10"

    /// The neighbour facts of the current index; empty when there is no stored graph.
    public func neighbourFacts(dryRun: Bool) throws -> NeighbourFacts {
        let input = try indexSignature()
        if let data = try derived("neighbour_facts", input: input), let facts = NeighbourFacts(blob: data) { return facts }
        let facts = try database.pool.read { db in
            let tracks = try Row.fetchOne(db, sql: "SELECT COUNT(*), COALESCE(MAX(id), 0) FROM tracks")!
            var tally = NeighbourFacts.Tally(expectedTracks: tracks[0], largestID: tracks[1])
            // A million rows and more: stepped through SQLite's own column getters.
            try SteppedRow.forEach(db, db.makeStatement(sql: Self.nearestNeighboursQuery), arguments: [NeighbourFacts.Tally.twinScore]) { row in
                tally.add(track: row.int64(0), neighbour: row.int64(1), isTwin: row.int64(2) != 0)
            }
            var facts = tally.facts
            let profiles = try Self.profiles(db, ids: Array(Set(facts.audioPairs.flatMap { [$0.a, $0.b] })))
            facts.audioPairs = facts.audioPairs.filter { pair in
                guard let a = profiles[pair.a], let b = profiles[pair.b] else { return false }
                return SameAudio.isSameAudio(a, b)
            }
            return facts
        }
        if !dryRun { try save("neighbour_facts", input: input, data: facts.blob) }
        return facts
    }

    /// The duplicate groups of the present tracks, with `facts`' same-audio pairs. They are
    /// derived from the tags and those pairs alone, so an index build that finds the same
    /// pairs keeps them.
    public func duplicateGroups(facts: NeighbourFacts, dryRun: Bool) throws -> DuplicateGroups {
        let pairs = SplitMix64.fnv1a(facts.audioPairs.map { "\($0.a)-\($0.b)" }.joined(separator: ","))
        let input = try tracksSignature() + "|pairs \(facts.audioPairs.count)/\(pairs)|\(DuplicateFinder.durationTolerance)"
        if let data = try derived("duplicate_groups", input: input), let groups = DuplicateGroups(blob: data) { return groups }
        let groups = try finder().groups(audioPairs: facts.audioPairs.map { ($0.a, $0.b) })
        if !dryRun { try save("duplicate_groups", input: input, data: groups.blob) }
        return groups
    }

    /// What `SameAudio` compares of each of `ids`.
    static func profiles(_ db: Database, ids: [Int64]) throws -> [Int64: SameAudio.Profile] {
        var profiles: [Int64: SameAudio.Profile] = [:]
        let range = SameAudio.chromaRange
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = Array(ids[start..<min(start + 500, ids.count)])
            for row in try Row.fetchAll(db, sql: """
                SELECT f.track_id, f.vector, f.loudness_lufs, t.duration_ms FROM sonic_features f JOIN tracks t ON t.id = f.track_id
                WHERE f.track_id IN (\(chunk.map { _ in "?" }.joined(separator: ",")))
                """, arguments: StatementArguments(chunk)) {
                let vector = Matrix.floats(fromBlob: row["vector"])
                guard vector.count >= range.upperBound else { continue }
                let durationMs: Int64? = row["duration_ms"]
                profiles[row["track_id"]] = SameAudio.Profile(chroma: Array(vector[range]), loudness: row["loudness_lufs"],
                                                                  durationSeconds: durationMs.map { Double($0) / 1000 })
            }
        }
        return profiles
    }

    /// Every present track added to a `DuplicateFinder`, streamed from the database.
    func finder() throws -> DuplicateFinder {
        try database.pool.read { db in
            var finder = DuplicateFinder()
            var artistKeys: [String: String] = [:]
            try SteppedRow.forEach(db, db.makeStatement(sql: """
                SELECT id, COALESCE(artist, album_artist) AS credit, title, duration_ms, mb_recording_id, isrc, codec, bitrate
                FROM tracks WHERE missing_since IS NULL
                """)) { row in
                let credit = row.optionalText(1)
                var artistKey = ""
                if let credit {
                    artistKey = artistKeys[credit] ?? TrackInfo.artistKey(credit)
                    artistKeys[credit] = artistKey
                }
                finder.add(TrackIdentity(
                    id: row.int64(0), artistKey: artistKey, title: row.optionalText(2) ?? "",
                    durationSeconds: row.optionalInt64(3).map { Double($0) / 1000 }, recordingID: row.optionalText(4),
                    isrc: row.optionalText(5), codec: row.optionalText(6), bitrate: row.optionalInt64(7).map { Int($0) }))
            }
            return finder
        }
    }

    /// Changes whenever `segue-index` builds again.
    func indexSignature() throws -> String {
        try database.pool.read { db in
            guard try db.tableExists("index_meta") else { return "" }
            return try String.fetchAll(db, sql: "SELECT value FROM index_meta WHERE key IN ('digest', 'built_at') ORDER BY key")
                .joined(separator: "/")
        }
    }

    /// Changes whenever a track is added, read again (retagged, replaced), goes missing or comes back.
    func tracksSignature() throws -> String {
        try database.pool.read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT COUNT(*) AS count, COALESCE(SUM(id), 0) AS ids, COALESCE(MAX(scanned_at), '') AS scanned,
                       COALESCE(MAX(content_changed_at), '') AS changed
                FROM tracks WHERE missing_since IS NULL
                """)!
            let count: Int64 = row["count"], ids: Int64 = row["ids"]
            let scanned: String = row["scanned"], changed: String = row["changed"]
            return "\(count)/\(ids)/\(scanned)/\(changed)"
        }
    }

    private func derived(_ name: String, input: String) throws -> Data? {
        try database.pool.read { db in
            try Row.fetchOne(db, sql: "SELECT input, data FROM playlist_derived WHERE name = ?", arguments: [name])
                .flatMap { $0["input"] == input ? $0["data"] as Data? : nil }
        }
    }

    private func save(_ name: String, input: String, data: Data) throws {
        try database.pool.write { db in
            try db.execute(sql: """
                INSERT INTO playlist_derived (name, input, data) VALUES (?, ?, ?)
                ON CONFLICT(name) DO UPDATE SET input = excluded.input, data = excluded.data
                """, arguments: [name, input, data])
        }
    }
}
