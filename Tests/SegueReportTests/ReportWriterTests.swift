import Foundation
import SegueCore
@testable import SegueReport
import SegueTestSupport
import Testing

@Suite struct ReportWriterTests {
    @Test func reportIsWellFormedWithEverySection() throws {
        let folder = try TemporaryDirectory()
        let database = try ReportFixture().build(in: folder)
        let path = try ReportWriter.write(database: database, outputDir: folder.file("out"), now: ReportFixture().now)
        #expect(path == folder.file("out/segue-report.html"))
        #expect(try ReportCheck.xmlErrors(path) == "")

        let html = try String(contentsOfFile: path, encoding: .utf8)
        for id in ["map", "playlists", "health", "analysis-failures", "playlist-1", "playlist-3"] {
            #expect(html.contains("id=\"\(id)\""), "section \(id)")
        }
        #expect(!html.contains(" src=") && !html.contains("<link") && !html.contains("url("), "nothing is fetched")
        #expect(!html.contains("<script"))
    }

    @Test func reportShowsTheLibrarysNumbers() throws {
        let folder = try TemporaryDirectory()
        let fixture = ReportFixture()
        let html = try ReportWriter.render(database: fixture.build(in: folder), now: fixture.now)
        // 600 tracks, 6 of them (every 97th) missing from disk, 7 failed analysis.
        #expect(html.contains("<b>594</b><span>tracks</span>"))
        #expect(html.contains("6 tracks missing from disk"))
        #expect(html.contains("analysed <b>587</b>"))
        // Failures grouped by kind, one reason shown as example, the first ones listed.
        #expect(html.contains("<td>undecodable<span class=\"example\">e.g. undecodable: invalid data found when processing input (frame 124)</span></td><td class=\"num\">4</td>"))
        #expect(html.contains("<td>too short<span class=\"example\">e.g. too short: 0:05 of audio (&lt; 0:10)</span></td><td class=\"num\">3</td>"))
        #expect(html.contains("Analysis failures <span class=\"count\">7</span>"))
        #expect(html.contains("<td><code>/music/1/1/1.flac</code></td><td>undecodable: invalid data found when processing input (frame 31)</td>"))
        #expect(html.contains("Scan failures <span class=\"count\">3</span>"))
        #expect(html.contains("<td>zero byte<span class=\"example\">e.g. zero-byte: empty file</span></td><td class=\"num\">2</td>"))
        // Listens: 200, every fifth unmatched.
        #expect(html.contains("Matched <b>160</b> of <b>200</b> listens"))
        #expect(html.contains(">musicbrainz</th>"))
        #expect(html.contains(">lastfm</th>"))
        #expect(html.contains("<span class=\"status bad\">temporary</span>") == false)
        #expect(html.contains("<span class=\"status warn\">temporary</span>"))
        #expect(html.contains("MusicBrainz unreachable (HTTP 503); rerun later"))
    }

    @Test func playlistShowsItsTracksSeedsTransitionsAndRelaxations() throws {
        let folder = try TemporaryDirectory()
        let fixture = ReportFixture()
        let html = try ReportWriter.render(database: fixture.build(in: folder), now: fixture.now)
        let section = try #require(ReportCheck.playlistSection(1, in: html))
        #expect(ReportCheck.occurrences(of: "<tr", in: section) == fixture.playlistLength + 1)
        #expect(ReportCheck.occurrences(of: "<tr class=\"seed\">", in: section) == 2)
        #expect(ReportCheck.occurrences(of: "class=\"score-chip", in: section) == fixture.playlistLength - 1)
        #expect(section.contains("<li>BPM, key and loudness ranges dropped</li>"))
        #expect(section.contains("<td title=\"seed\">"))
        #expect(section.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"profile\""))
        #expect(section.contains("<use href=\"#map-base\"/>"))
        #expect(section.contains("18 tracks"))
        let second = try #require(ReportCheck.playlistSection(2, in: html))
        #expect(second.contains("None: the playlist met its constraints"))
    }

    @Test func hostileTextIsEscapedAndOutputIsDeterministic() throws {
        let folder = try TemporaryDirectory()
        let fixture = ReportFixture()
        let database = try fixture.build(in: folder)
        let html = try ReportWriter.render(database: database, now: fixture.now)
        #expect(try ReportWriter.render(database: database, now: fixture.now) == html)
        #expect(!html.contains("<script"))
        #expect(!html.contains("<deep>"))
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Sons"))
        #expect(html.contains("Late night &lt;deep&gt; &amp; slow"))
    }

    @Test func emptyDatabaseGivesAnEmptyButValidReport() throws {
        let folder = try TemporaryDirectory()
        let database = try AppDatabase(path: folder.file("empty.sqlite"))
        let path = try ReportWriter.write(database: database, outputDir: folder.path)
        #expect(try ReportCheck.xmlErrors(path) == "")
        let html = try String(contentsOfFile: path, encoding: .utf8)
        #expect(html.contains("No analysed tracks yet"))
        #expect(html.contains("No playlists yet"))
        #expect(html.contains("No stage has run yet"))
        #expect(html.contains("No listening history table yet") || html.contains("No listens fetched"))

        // One stage has run: the others are listed as never run, in pipeline order.
        let runs = StageRunStore(database: database)
        try runs.finish(runID: try runs.begin(stage: "index"), status: "ok", counts: ["indexed": 0], message: "nothing to index")
        let after = try ReportWriter.render(database: database)
        #expect(ReportCheck.occurrences(of: "never run", in: after) == 4)
        let order = ["scan", "analyze", "genres", "index", "export"].compactMap { after.range(of: "<strong>\($0)</strong>")?.lowerBound }
        #expect(order.count == 5 && order == order.sorted())
    }

    @Test func unwritableFolderIsReportedByPath() throws {
        let folder = try TemporaryDirectory()
        let database = try AppDatabase(path: folder.file("segue.sqlite"))
        try Data().write(to: URL(fileURLWithPath: folder.file("blocker")))
        #expect {
            try ReportWriter.write(database: database, outputDir: folder.file("blocker/reports"))
        } throws: { error in
            (error as? ReportError)?.message.contains(folder.file("blocker/reports")) == true
        }
    }
}
