import Foundation
import GRDB
import SegueTestSupport
import Testing

@Suite("segue-analyze after segue-scan")
struct PipelineTests {
    @Test("a generated, scanned library is analysed in full; broken files become failures")
    func generatedLibrary() throws {
        let fixture = try AnalysisFixture()
        let generated = try ProcessRunner.runStage("segue-dev", ["generate-library", "--out", fixture.library,
                                                                 "--tracks", "8", "--seconds", "20", "--broken"])
        try #require(generated.status == 0, "\(generated.stderr)")
        let scan = try ProcessRunner.runStage("segue-scan", ["--config", fixture.configPath])
        try #require(scan.status == 0, "\(scan.stderr)")
        let manifest = try LibraryManifest.load(from: fixture.library)
        let tracks: Int = try #require(try fixture.scalar("SELECT COUNT(*) FROM tracks WHERE missing_since IS NULL"))

        let first = try fixture.analyze()
        #expect(first.status == 0, "\(first.stderr)")
        let analysedPaths: [String] = try fixture.open().pool.read { db in
            try String.fetchAll(db, sql: "SELECT t.path FROM sonic_features f JOIN tracks t ON t.id = f.track_id")
        }
        for track in manifest.tracks {
            let path = (fixture.library as NSString).appendingPathComponent(track.path)
            #expect(analysedPaths.contains(path), "\(track.path) (\(track.format)) analysed")
        }
        let failed: Int = try #require(try fixture.scalar("SELECT COUNT(*) FROM analysis_failures"))
        #expect(analysedPaths.count + failed == tracks, "every scanned track analysed or failed")
        #expect(first.stdout.contains("analysed \(analysedPaths.count) tracks, \(failed) failed"), "\(first.stdout)")

        let second = try fixture.analyze()
        #expect(second.stdout.contains("nothing to analyse"), "\(second.stdout)")
    }
}
