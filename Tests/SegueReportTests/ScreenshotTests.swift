import Foundation
@testable import SegueReport
import SegueTestSupport
import Testing

/// Renders the report in headless Chromium (Debian package `chromium`) and checks the
/// picture: one test only, the browser is slow to start. Setting SEGUE_REPORT_SCREENSHOT to
/// a path keeps the PNG there, and the HTML beside it (that is how docs/report.png is made).
@Suite struct ScreenshotTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }
    static let (width, height) = (1280, 2000)
    /// A screenshot of an empty page of the report's background at this size is 11,643
    /// bytes (measured with Chromium 156); a rendered report is many times that.
    static let blankPageBytes = 11_643

    @Test func reportRendersInABrowser() throws {
        let chromium = try #require(Self.chromium, "chromium is missing; make test installs it (apt-get install -y chromium)")
        let folder = try TemporaryDirectory()
        var fixture = ReportFixture()
        fixture.tracks = 1_800
        fixture.playlists = 4
        fixture.playlistLength = 24
        fixture.hostileNames = false
        let report = try ReportWriter.write(database: try fixture.build(in: folder), outputDir: folder.path, now: fixture.now)
        let png = folder.file("report.png")
        let result = try ProcessRunner.run("/usr/bin/timeout", [
            "120", chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
            "--user-data-dir=\(folder.file("profile"))", "--screenshot=\(png)",
            "--window-size=\(Self.width),\(Self.height)", URL(fileURLWithPath: report).absoluteString,
        ])
        #expect(result.status == 0, "chromium: \(result.stderr.suffix(500))")

        let data = try Data(contentsOf: URL(fileURLWithPath: png))
        try #require(data.count > 24 && data.starts(with: [0x89, 0x50, 0x4E, 0x47]), "not a PNG")
        func bigEndian(_ offset: Int) -> Int { data[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) } }
        #expect(bigEndian(16) == Self.width)
        #expect(bigEndian(20) == Self.height)
        #expect(data.count > 10 * Self.blankPageBytes, "PNG is \(data.count) bytes: the page looks blank")

        if let keep = ProcessInfo.processInfo.environment["SEGUE_REPORT_SCREENSHOT"] {
            try? FileManager.default.removeItem(atPath: keep)
            try FileManager.default.copyItem(atPath: png, toPath: keep)
            let html = (keep as NSString).deletingPathExtension + ".html"
            try? FileManager.default.removeItem(atPath: html)
            try FileManager.default.copyItem(atPath: report, toPath: html)
        }
    }
}
