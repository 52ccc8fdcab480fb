import Foundation
import SegueTestSupport

/// Validates XSPF files against `Tests/Schemas/xspf-1_0.rng` with libxml2's xmllint (kept
/// outside the test target's folder, so it needs no resource declaration).
enum XMLValidator {
    static let schema = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Schemas/xspf-1_0.rng").path

    static func validate(_ file: String) throws -> ProcessResult {
        try TestTool.require("/usr/bin/xmllint", package: "libxml2-utils")
        return try ProcessRunner.run("/usr/bin/xmllint", ["--noout", "--relaxng", schema, file])
    }
}
