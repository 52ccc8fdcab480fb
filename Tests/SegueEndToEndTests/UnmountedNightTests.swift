import Foundation
import GRDB
import Testing
import SegueCore
import SegueTestSupport

/// An unmounted music folder costs nothing: the scan refuses to believe the files are gone
/// (retry(75)), tonight's playlists are built from what is known, and no playlist file or row
/// is lost — not even when the user accepted the vanished files by mistake.
@Suite(.serialized) struct UnmountedNightTests {
    struct Playlists: Equatable {
        var rows: [String]
        var files: [String]
    }

    static func playlists(_ home: Installation) throws -> Playlists {
        let rows = try home.read { db in
            try Row.fetchAll(db, sql: "SELECT id, name, kind FROM playlists ORDER BY id").map { "\($0[0] as Int64) \($0[1] as String) \($0[2] as String)" }
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: home.playlists).filter { !$0.hasPrefix(".") }.sorted()
        return Playlists(rows: rows, files: files)
    }

    @Test func anUnmountedMusicFolderCostsNoPlaylist() throws {
        let home = try Installation(privateMusic: true)
        try #require(try home.pipeline().status == 0)
        let lastNight = try Self.playlists(home)
        try #require(!lastNight.rows.isEmpty && lastNight.files.count >= lastNight.rows.count)
        let known = try home.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tracks")! }
        let missing = "SELECT COUNT(*) FROM tracks WHERE missing_since IS NOT NULL"

        // The share is unmounted: its bare mount point is left, empty.
        let share = home.folder.file("share")
        try FileManager.default.moveItem(atPath: home.music, toPath: share)
        try FileManager.default.createDirectory(atPath: home.music, withIntermediateDirectories: false)
        let night = try home.pipeline()
        #expect(night.status == 75, "\(night.output)")
        let scan = night.summaryRow("scan") ?? ""
        #expect(scan.contains("retry(75)") && scan.contains("\(home.music): 0 of \(known) known files present — is it mounted?"),
                "\(night.stdout)")
        for stage in ["analyze", "genres", "index", "export"] {
            #expect(night.summaryRow(stage)?.contains(" ok ") == true, "\(stage) runs on what is known:\n\(night.stdout)")
        }
        #expect(night.summaryRow("export")?.contains("No playlist removed") == true, "\(night.stdout)")
        #expect(try home.read { db in try Int.fetchOne(db, sql: missing)! } == 0)
        #expect(try Self.playlists(home) == lastNight, "every playlist file and row is kept")

        // Told by mistake that the files were deleted, the scan marks them missing; export still
        // keeps last night's playlists while the folder looks unmounted, and says why.
        let accepted = try home.stage("scan", ["--accept-vanished"])
        #expect(accepted.status == 0 && accepted.stdout.contains("\(known) missing"), "\(accepted.output)")
        let export = try home.stage("export")
        #expect(export.status == 75, "\(export.output)")
        let exportLines = export.stdout.split(separator: "\n")
        #expect(exportLines.count == 1 && exportLines[0].contains("\(home.music) missing or empty — is it mounted? No playlist removed"),
                "\(export.stdout)")
        #expect(try Self.playlists(home) == lastNight)

        // Mounted again: the tracks are back with everything known about them.
        try FileManager.default.removeItem(atPath: home.music)
        try FileManager.default.moveItem(atPath: share, toPath: home.music)
        let back = try home.pipeline()
        #expect(back.status == 0, "\(back.output)")
        #expect(back.summaryRow("scan")?.contains("\(known) restored") == true, "\(back.stdout)")
        #expect(back.summaryRow("analyze")?.contains("nothing to analyse") == true, "\(back.stdout)")
        #expect(try home.read { db in try Int.fetchOne(db, sql: missing)! } == 0)
        #expect(try Self.playlists(home).rows == lastNight.rows)
    }
}
