import Foundation
@testable import SegueReport
import SegueTestSupport
import Testing

@Suite struct LargeLibraryTests {
    /// The size bound for a 30,000-track library with ten 40-track playlists (measured: 526 KB,
    /// 177 KB of it the hexagon map, about 33 KB per playlist; 78 KB gzipped).
    static let sizeBound = 1_000_000

    @Test func thirtyThousandTracksAggregateIntoASmallMap() throws {
        let folder = try TemporaryDirectory()
        var fixture = ReportFixture()
        fixture.tracks = 30_000
        fixture.dimension = 48
        fixture.playlists = 10
        fixture.playlistLength = 40
        fixture.listens = false
        fixture.walkPool = 100
        let database = try fixture.build(in: folder)
        let path = try ReportWriter.write(database: database, outputDir: folder.path, now: fixture.now)

        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        #expect(size < Self.sizeBound, "report is \(size) bytes")
        let html = try String(contentsOfFile: path, encoding: .utf8)
        #expect(html.contains("binned into hexagons"))
        #expect(!html.contains("<g class=\"pts\""), "no point per track")
        #expect(ReportCheck.occurrences(of: "<section class=\"playlist\"", in: html) == 10)
        #expect(try ReportCheck.xmlErrors(path) == "")
    }
}
