import Foundation
import GRDB
import Testing
import SegueCore
import SegueTestSupport

/// The whole chain judged by its result: on the generated library, whose four sonic styles
/// (chords, drums, noise, sparse) are known from its manifest, a track's ten nearest
/// neighbours after one night share its style, by sound alone (the generator's genre tags
/// follow the style too, so genres would make this too easy).
@Suite struct NeighbourQualityTests {
    @Test func tenNearestNeighboursShareTheirStyle() throws {
        let home = try Installation(extraConfig: "index:\n  sonic_weight: 1.0\n")
        try #require(try home.pipeline(["scan", "analyze", "genres", "index"]).status == 0)
        let styleByPath = Dictionary(uniqueKeysWithValues: home.library.manifest.tracks.map {
            ((home.music as NSString).appendingPathComponent($0.path), $0.style)
        })
        let (neighbours, paths) = try home.read { db in
            try (NeighbourPrecision.storedNeighbours(db, k: 10), Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT id, path FROM tracks")
                .map { ($0["id"] as Int64, $0["path"] as String) }))
        }
        let styles = paths.compactMapValues { styleByPath[$0] }
        try #require(styles.count >= home.library.manifest.tracks.count / 2, "too few tracks to judge")
        let result = NeighbourPrecision.measure(neighbours: neighbours, labels: styles, k: 10)
        try #require(result.queries >= home.library.manifest.tracks.count / 2, "too few neighbours to judge")

        // As the README says: at least 98 % of the ten nearest neighbours share the track's
        // style, by sound alone (measured: 98.65 %, with the sound space centred on the
        // library's mean, which real music favours); chance is 0.25.
        #expect(result.precision >= 0.98, "precision@10 \(result.precision), chance \(result.chance)")
    }

    @Test func precisionCommandJudgesTheGraphAndLeavesTheDatabaseAlone() throws {
        let home = try Installation(extraConfig: "index:\n  sonic_weight: 1.0\n")
        try #require(try home.pipeline(["scan", "analyze", "index"]).status == 0)
        let before = try home.read { db in try NeighbourPrecision.storedNeighbours(db, k: 100) }
        let run = try ProcessRunner.runStage("segue-dev", ["precision", "--db", home.database, "--raw"])
        #expect(run.status == 0, "\(run.output)")
        let rows = run.stdout.split(separator: "\n").map(String.init)
        for space in ["neighbour graph", "raw DSP"] {
            for labels in ["same album", "same artist"] {
                let row = try #require(rows.first { $0.hasPrefix(space) && $0.contains(labels) }, "no row \(space), \(labels) in\n\(run.stdout)")
                // all, tune and held-out: precision (chance), then the number of queries.
                let figures = row.split(whereSeparator: { " ()".contains($0) }).compactMap { Double($0) }
                #expect(figures.count == 7, "\(row)")
                #expect(figures.dropLast().allSatisfy { (0...1).contains($0) }, "\(row)")
                #expect((figures.last ?? 0) > 100, "queries in \(row)")
            }
        }
        #expect(try home.read { db in try NeighbourPrecision.storedNeighbours(db, k: 100) } == before, "the raw build must run on a copy")

        let empty = try TemporaryDirectory(prefix: "segue-precision-test")
        let missing = try ProcessRunner.runStage("segue-dev", ["precision", "--db", empty.file("none.db")])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("none.db"), "\(missing.output)")
    }
}
