import Foundation
import GRDB

extension IndexStore {
    /// Appends each track's learned embedding (`sonic_embeddings`) to its DSP vector, where
    /// `FeatureGroups` places the embedding family: rows of the newest version with the most
    /// common length. A track with features but no embedding yet (an analysis half done) gets
    /// the median of the others in each dimension, which the robust normalization maps to 0, so
    /// it is neither near nor far by the embedding. Without any embedding the vectors stay the
    /// DSP ones alone.
    func appendEmbeddings(_ db: Database, to features: inout [IndexInputs.Features?], tracks: [IndexInputs.Track]) throws {
        guard try db.tableExists("sonic_embeddings") else { return }
        let rows = try Row.fetchAll(db, sql: """
            SELECT e.track_id, e.version, e.vector FROM sonic_embeddings e JOIN tracks t ON t.id = e.track_id
            WHERE t.missing_since IS NULL ORDER BY e.track_id
            """)
        guard let version = rows.map({ $0[1] as Int }).max() else { return }
        var lengths: [Int: Int] = [:]
        for row in rows where (row[1] as Int) == version {
            lengths[(row[2] as Data).count / 4, default: 0] += 1
        }
        guard let dimension = lengths.max(by: { ($0.value, -$0.key) < ($1.value, -$1.key) })?.key, dimension > 0 else { return }
        var byTrack: [Int64: [Float]] = [:]
        for row in rows where (row[1] as Int) == version {
            let blob: Data = row[2]
            let vector = Matrix.floats(fromBlob: blob)
            if vector.count == dimension, vector.allSatisfy(\.isFinite) { byTrack[row[0]] = vector }
        }
        guard !byTrack.isEmpty else { return }
        let neutral = (0..<dimension).map { dim in SonicSpace.quantile(byTrack.values.map { $0[dim] }.sorted(), 0.5) }
        for (index, track) in tracks.enumerated() where features[index] != nil {
            features[index]?.vector += byTrack[track.id] ?? neutral
        }
    }
}
