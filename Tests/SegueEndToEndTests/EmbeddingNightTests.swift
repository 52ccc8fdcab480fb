import Foundation
import GRDB
import Testing
import SegueCore
import SegueTestSupport

/// A first night with the MusiCNN embedding on, through `pipeline.sh` as cron runs it: every
/// analysed track gets its embedding, the index weighs it in, playlists come out, and the
/// neighbours by sound alone still share their style.
@Suite struct EmbeddingNightTests {
    @Test func firstNightWithTheEmbedding() throws {
        let home = try Installation(embedding: true, extraConfig: "index:\n  sonic_weight: 1.0\n")
        let night = try home.pipeline()
        #expect(night.status == 0, "\(night.stdout)\n\(night.stderr)")
        let (analysed, embedded, width) = try home.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sonic_features") ?? 0,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sonic_embeddings WHERE model = 'msd_musicnn'") ?? 0,
             try Int.fetchOne(db, sql: "SELECT MIN(length(vector)) FROM sonic_embeddings") ?? 0)
        }
        #expect(analysed > 0 && embedded == analysed, "\(embedded) embeddings for \(analysed) analysed tracks")
        #expect(width == 200 * 4)
        #expect(!(try FileManager.default.contentsOfDirectory(atPath: home.playlists)).isEmpty)

        let styleByPath = Dictionary(uniqueKeysWithValues: home.library.manifest.tracks.map {
            ((home.music as NSString).appendingPathComponent($0.path), $0.style)
        })
        let pairs = try home.read { db in
            try Row.fetchAll(db, sql: """
                SELECT a.path AS track, b.path AS neighbour FROM neighbours n
                JOIN tracks a ON a.id = n.track_id JOIN tracks b ON b.id = n.neighbour_id WHERE n.rank <= 10
                """).map { ($0["track"] as String, $0["neighbour"] as String) }
        }.filter { styleByPath[$0.0] != nil && styleByPath[$0.1] != nil }
        try #require(!pairs.isEmpty)
        let precision = Double(pairs.count { styleByPath[$0.0] == styleByPath[$0.1] }) / Double(pairs.count)
        #expect(precision > 0.8, "precision@10 with the embedding: \(precision)")
    }
}
