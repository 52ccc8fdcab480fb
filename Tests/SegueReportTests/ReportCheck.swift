import Foundation
import SegueTestSupport

/// Helpers the report tests share: XML well-formedness through xmllint, and counting.
enum ReportCheck {
    static let xmllint = "/usr/bin/xmllint"

    /// xmllint's complaints about the file, empty when it is well-formed XML.
    static func xmlErrors(_ path: String) throws -> String {
        try TestTool.require(xmllint, package: "libxml2-utils")
        let result = try ProcessRunner.run(xmllint, ["--noout", "--nonet", path])
        return result.status == 0 ? "" : result.stderr
    }

    static func occurrences(of needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    /// The HTML of one playlist's section.
    static func playlistSection(_ number: Int, in html: String) -> String? {
        guard let start = html.range(of: "<section class=\"playlist\" id=\"playlist-\(number)\">") else { return nil }
        guard let end = html.range(of: "</section>", range: start.upperBound..<html.endIndex) else { return nil }
        return String(html[start.lowerBound..<end.upperBound])
    }
}
