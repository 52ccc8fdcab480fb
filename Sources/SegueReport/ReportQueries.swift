import Foundation
import GRDB
import SegueCore
import SegueIndex

/// Reads everything the report shows in one read transaction, so the numbers agree with
/// each other even while another stage writes. Tables and columns that other stages add
/// are read only when they exist, and missing ones leave their part of the report empty.
struct ReportQueries {
    let database: AppDatabase

    func load(now: Date) throws -> ReportData {
        let (library, analysed, playlists, storedTransitions, health) = try database.pool.read { db in
            (try Self.librarySummary(db),
             try MapQueries.analysedTracks(db),
             try PlaylistQueries.playlists(db),
             try PlaylistQueries.storesTransitions(db),
             try HealthQueries.health(db))
        }
        return ReportData(generatedAt: now, library: library, map: LibraryProjection.map(of: analysed),
                          playlists: storedTransitions ? playlists : withComputedTransitions(playlists),
                          health: health)
    }

    static func librarySummary(_ db: Database) throws -> LibrarySummary {
        let row = try Row.fetchOne(db, sql: """
            SELECT COALESCE(SUM(missing_since IS NULL), 0) AS present,
                   COALESCE(SUM(missing_since IS NOT NULL), 0) AS missing,
                   COALESCE(SUM(CASE WHEN missing_since IS NULL THEN duration_ms END), 0) AS duration,
                   COUNT(DISTINCT CASE WHEN missing_since IS NULL THEN artist_id END) AS artists,
                   COUNT(DISTINCT CASE WHEN missing_since IS NULL THEN album_id END) AS albums
            FROM tracks
            """)
        let analysed = try Int.fetchOne(db, sql: """
            SELECT COUNT(*) FROM sonic_features f JOIN tracks t ON t.id = f.track_id WHERE t.missing_since IS NULL
            """) ?? 0
        return LibrarySummary(tracks: row?["present"] ?? 0, missingTracks: row?["missing"] ?? 0, analysedTracks: analysed,
                              artists: row?["artists"] ?? 0, albums: row?["albums"] ?? 0,
                              totalDurationMs: row?["duration"] ?? 0)
    }

    /// Export may not store transition scores; then the index scores each step, and a step
    /// it cannot score (no index yet, unknown track) stays blank.
    private func withComputedTransitions(_ playlists: [PlaylistData]) -> [PlaylistData] {
        guard !playlists.isEmpty, let index = try? SimilarityIndex.load(database: database) else { return playlists }
        return playlists.map { playlist in
            var playlist = playlist
            for i in playlist.entries.indices.dropFirst() {
                let step = index.transitionScore(from: playlist.entries[i - 1].trackID, to: playlist.entries[i].trackID)
                playlist.entries[i].transitionScore = step?.score
            }
            return playlist
        }
    }
}
