import Foundation
import SegueTestSupport
import Testing

/// What the walk enters and what it leaves alone.
@Suite struct WalkTests {
    @Test func ignoredAndHiddenFoldersAreSkipped() throws {
        let harness = try ScanHarness(tracks: 8)
        let files = FileManager.default
        let source = harness.path(harness.manifest.tracks[0].path)
        let ext = (source as NSString).pathExtension
        for folder in [".hidden/Album", "Ignored/Album", "Ignored/Album/Deeper"] {
            try files.createDirectory(atPath: harness.path(folder), withIntermediateDirectories: true)
            try files.copyItem(atPath: source, toPath: harness.path("\(folder)/01 Copy.\(ext)"))
        }
        try Data().write(to: URL(fileURLWithPath: harness.path("Ignored/.segueignore")))
        try files.copyItem(atPath: source, toPath: harness.path(".hidden-file.\(ext)"))

        let result = try harness.scan()
        #expect(result.status == 0)
        #expect(try harness.count("SELECT COUNT(*) FROM tracks") == harness.manifest.tracks.count)
        #expect(try harness.count("SELECT COUNT(*) FROM tracks WHERE path LIKE '%Ignored%' OR path LIKE '%/.hidden%'") == 0)
        #expect(try harness.count("SELECT COUNT(*) FROM scan_failures") == 0)
    }

    @Test func symlinkLoopsEndAndLinkedFoldersAreFollowed() throws {
        let harness = try ScanHarness(tracks: 8)
        let files = FileManager.default
        try files.createSymbolicLink(atPath: harness.path("loop"), withDestinationPath: harness.library)
        let album = (harness.manifest.tracks[0].path as NSString).deletingLastPathComponent
        try files.createSymbolicLink(atPath: harness.path((album as NSString).appendingPathComponent("up")), withDestinationPath: "..")
        let outside = harness.folder.file("elsewhere/Album")
        try files.createDirectory(atPath: outside, withIntermediateDirectories: true)
        let linked = harness.manifest.tracks[1].path
        let linkedName = "01 Linked." + (linked as NSString).pathExtension
        try files.copyItem(atPath: harness.path(linked), toPath: outside + "/" + linkedName)
        try files.createSymbolicLink(atPath: harness.path("Linked"), withDestinationPath: outside)

        let result = try harness.scan()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try harness.count("SELECT COUNT(*) FROM tracks") == harness.manifest.tracks.count + 1)
        #expect(try harness.track("Linked/" + linkedName) != nil)
        #expect(try harness.count("SELECT COUNT(*) FROM scan_failures") == 0)
    }

    @Test func aRelativeMusicFolderStoresAbsolutePaths() throws {
        let harness = try ScanHarness(tracks: 2)
        let result = try ProcessRunner.runStage("segue-scan", ["--db", harness.database], in: harness.folder.path,
                                                environment: ["SEGUE_MUSIC_DIR": "music/", "HOME": harness.folder.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try harness.track(harness.manifest.tracks[0].path) != nil)
        #expect(try harness.scan().stdout.contains("nothing changed"))
    }
}
