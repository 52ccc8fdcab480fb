import Foundation
import GRDB
import SegueTestSupport
import Testing

/// Between runs files are added, changed, retagged, moved and deleted: only the right rows
/// change, and a moved file keeps its track (so its features, genres and history).
@Suite struct IncrementalScanTests {
    @Test func changesBetweenRunsTouchTheRightRows() throws {
        let harness = try ScanHarness()
        #expect(try harness.scan().status == 0)
        let tagged = harness.manifest.tracks.filter { !$0.tags.isEmpty }
        let files = FileManager.default

        // Retag one file, rewrite another's audio, move and rename a third, delete a fourth,
        // and add a copy of a fifth under a new name.
        let retagged = tagged[0], rewritten = tagged[1], movedTrack = tagged[2], deleted = tagged[3], copied = tagged[4]
        var tags = retagged.tags
        tags["TITLE"] = ["A New Title"]
        try TagWriter.write(tags, to: harness.path(retagged.path))
        let before = try #require(try harness.track(rewritten.path))
        let other = try #require(tagged.first { $0.format == rewritten.format && $0.path != rewritten.path })
        try files.removeItem(atPath: harness.path(rewritten.path))
        try files.copyItem(atPath: harness.path(other.path), toPath: harness.path(rewritten.path))
        let movedBefore = try #require(try harness.track(movedTrack.path))
        try files.createDirectory(atPath: harness.path("Reorganized/Somewhere"), withIntermediateDirectories: true)
        let movedPath = "Reorganized/Somewhere/renamed." + (movedTrack.path as NSString).pathExtension
        try files.moveItem(atPath: harness.path(movedTrack.path), toPath: harness.path(movedPath))
        let deletedBefore = try #require(try harness.track(deleted.path))
        try files.removeItem(atPath: harness.path(deleted.path))
        let copyPath = (copied.path as NSString).deletingLastPathComponent + "/99 Copy." + (copied.path as NSString).pathExtension
        try files.copyItem(atPath: harness.path(copied.path), toPath: harness.path(copyPath))
        // Restamp far from the first scan's mtimes so "changed" never hinges on clock resolution.
        try files.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 60)], ofItemAtPath: harness.path(retagged.path))
        try files.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 60)], ofItemAtPath: harness.path(rewritten.path))

        let result = try harness.scan()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("1 added, 2 changed, 1 moved, 1 missing"), "\(result.stdout)")

        #expect(try harness.track(retagged.path)?["title"] == "A New Title")
        let after = try #require(try harness.track(rewritten.path))
        #expect(after["id"] as Int64 == before["id"] as Int64)
        #expect(after["title"] == other.tags["TITLE"]?.first)
        #expect((after["content_changed_at"] as Date) > (before["content_changed_at"] as Date))

        let moved = try #require(try harness.track(movedPath))
        #expect(moved["id"] as Int64 == movedBefore["id"] as Int64)
        #expect(moved["content_changed_at"] as Date == movedBefore["content_changed_at"] as Date)
        #expect(moved["missing_since"] as Date? == nil)
        #expect(try harness.track(movedTrack.path) == nil)

        let gone = try #require(try harness.read { try Row.fetchOne($0, sql: "SELECT * FROM tracks WHERE id = ?", arguments: [deletedBefore["id"] as Int64]) })
        #expect(gone["missing_since"] as Date? != nil)
        #expect(try harness.track(copyPath) != nil)

        let third = try harness.scan()
        #expect(third.stdout.contains("nothing changed"), "\(third.stdout)")
    }

    @Test func aFileMovedAfterItWentMissingKeepsItsTrack() throws {
        let harness = try ScanHarness()
        try harness.scan()
        let track = try #require(harness.manifest.tracks.first { !$0.tags.isEmpty })
        let before = try #require(try harness.track(track.path))
        let parked = harness.folder.file("parked")
        try FileManager.default.moveItem(atPath: harness.path(track.path), toPath: parked)
        #expect(try harness.scan().stdout.contains("1 missing"))
        try FileManager.default.moveItem(atPath: parked, toPath: harness.path("Back Again.\((track.path as NSString).pathExtension)"))

        let result = try harness.scan()
        #expect(result.stdout.contains("1 moved"), "\(result.stdout)")
        let moved = try #require(try harness.track("Back Again.\((track.path as NSString).pathExtension)"))
        #expect(moved["id"] as Int64 == before["id"] as Int64)
        #expect(moved["missing_since"] as Date? == nil)
    }

    @Test func missingTracksArePurgedAfterTheConfiguredDays() throws {
        let harness = try ScanHarness()
        try harness.scan()
        let track = try #require(harness.manifest.tracks.first)
        try FileManager.default.removeItem(atPath: harness.path(track.path))
        let config = harness.folder.file("config.yaml")
        try "library:\n  purge_missing_days: 0\n".write(toFile: config, atomically: true, encoding: .utf8)
        let result = try harness.scan(["--config", config])
        #expect(result.stdout.contains("1 purged"), "\(result.stdout)")
        #expect(try harness.track(track.path) == nil)
    }

    @Test func aDryRunWritesNothing() throws {
        let harness = try ScanHarness()
        let result = try harness.scan(["--dry-run"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\(harness.manifest.tracks.count) added"), "\(result.stdout)")
        #expect(try harness.count("SELECT COUNT(*) FROM tracks") == 0)
        #expect(try harness.count("SELECT COUNT(*) FROM stage_runs") == 0)
    }
}
