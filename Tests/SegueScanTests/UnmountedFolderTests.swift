import Foundation
import GRDB
import SegueTestSupport
import Testing

/// A music folder that looks unmounted — empty, unreadable, on another filesystem, or most of
/// its files gone at once — marks nothing missing: the scan exits 75 with one line naming the
/// folder, until the folder is back or the user accepts the loss.
@Suite struct UnmountedFolderTests {
    static let advice = "nothing was marked missing (if the files were deleted: segue-scan --accept-vanished)"

    @Test func anEmptyFolderIsRefusedUntilItIsBack() throws {
        let harness = try ScanHarness(tracks: 6)
        try #require(try harness.scan().status == 0)
        let known = try harness.count("SELECT COUNT(*) FROM tracks")
        // What an unmounted share leaves: its bare mount point.
        let share = harness.folder.file("share")
        try FileManager.default.moveItem(atPath: harness.library, toPath: share)
        try FileManager.default.createDirectory(atPath: harness.library, withIntermediateDirectories: false)

        let refused = try harness.scan()
        #expect(refused.status == 75, "\(refused.stdout)\(refused.stderr)")
        let lines = refused.stdout.split(separator: "\n")
        #expect(lines.count == 1, "\(refused.stdout)")
        #expect(refused.stdout.contains("\(harness.library): 0 of \(known) known files present — is it mounted? \(Self.advice)"),
                "\(refused.stdout)")
        #expect(try harness.count("SELECT COUNT(*) FROM tracks WHERE missing_since IS NOT NULL") == 0)
        #expect(try harness.count("SELECT COUNT(*) FROM stage_runs WHERE stage = 'scan' AND status = 'temporary'") == 1)

        try FileManager.default.removeItem(atPath: harness.library)
        try FileManager.default.moveItem(atPath: share, toPath: harness.library)
        let back = try harness.scan()
        #expect(back.status == 0, "\(back.stderr)")
        #expect(back.stdout.contains("nothing changed"), "\(back.stdout)")
    }

    @Test func aMassVanishIsRefusedAndAcceptedOnRequest() throws {
        let harness = try ScanHarness(tracks: 6)
        try #require(try harness.scan().status == 0)
        for track in harness.manifest.tracks.prefix(4) {
            try FileManager.default.removeItem(atPath: harness.path(track.path))
        }
        let refused = try harness.scan()
        #expect(refused.status == 75)
        #expect(refused.stdout.contains("\(harness.library): 2 of 6 known files present — is it mounted?"), "\(refused.stdout)")
        #expect(try harness.count("SELECT COUNT(*) FROM tracks WHERE missing_since IS NOT NULL") == 0)

        // A share that may lose more at once, by configuration.
        let config = harness.folder.file("config.yaml")
        try "library:\n  max_vanish_fraction: 0.7\n".write(toFile: config, atomically: true, encoding: .utf8)
        let dryRun = try harness.scan(["--config", config, "--dry-run"])
        #expect(dryRun.status == 0 && dryRun.stdout.contains("4 missing"), "\(dryRun.stdout)")

        let accepted = try harness.scan(["--accept-vanished"])
        #expect(accepted.status == 0, "\(accepted.stderr)")
        #expect(accepted.stdout.contains("4 missing"), "\(accepted.stdout)")
        #expect(try harness.count("SELECT COUNT(*) FROM tracks WHERE missing_since IS NOT NULL") == 4)
        #expect(try harness.scan().stdout.contains("nothing changed"))
    }

    @Test func aFolderThatLooksUnmountedLeavesTheOthersScanning() throws {
        let harness = try ScanHarness(tracks: 8)
        // Two music folders: the library, and a second one holding one of its artists.
        let second = harness.folder.file("second")
        try FileManager.default.createDirectory(atPath: second, withIntermediateDirectories: false)
        let artists = try FileManager.default.contentsOfDirectory(atPath: harness.library).filter { !$0.hasSuffix(".json") }.sorted()
        try #require(artists.count >= 2, "\(artists)")
        try FileManager.default.moveItem(atPath: harness.path(artists[0]), toPath: second + "/" + artists[0])
        let config = harness.folder.file("config.yaml")
        try "library:\n  music_dirs: [\(harness.library), \(second)]\n".write(toFile: config, atomically: true, encoding: .utf8)
        try #require(try harness.scan(["--config", config]).status == 0)
        let inSecond = try harness.count("SELECT COUNT(*) FROM tracks WHERE path LIKE ?", [second + "/%"])
        try #require(inSecond > 0)

        try FileManager.default.moveItem(atPath: second, toPath: harness.folder.file("second-unmounted"))
        try FileManager.default.createDirectory(atPath: second, withIntermediateDirectories: false)
        let kept = try #require(harness.manifest.tracks.first { FileManager.default.fileExists(atPath: harness.path($0.path)) })
        let added = "Added Tonight." + (kept.path as NSString).pathExtension
        try FileManager.default.copyItem(atPath: harness.path(kept.path), toPath: harness.path(added))
        try TagWriter.write(["TITLE": ["Added Tonight"], "ARTIST": ["Newcomer"]], to: harness.path(added))

        let result = try harness.scan(["--config", config])
        #expect(result.status == 75)
        #expect(result.stdout.contains("\(second): 0 of \(inSecond) known files present — is it mounted?"), "\(result.stdout)")
        #expect(!result.stdout.contains("\(harness.library):"), "the mounted folder is not refused: \(result.stdout)")
        #expect(result.stdout.contains("1 added"), "the mounted folder scans as usual: \(result.stdout)")
        #expect(try harness.track(added) != nil)
        #expect(try harness.count("SELECT COUNT(*) FROM tracks WHERE missing_since IS NOT NULL") == 0)
    }

    @Test func aFolderOnAnotherFilesystemIsRefusedUntilAccepted() throws {
        let harness = try ScanHarness(tracks: 4)
        try #require(try harness.scan().status == 0)
        let device = try harness.count("SELECT device FROM music_folders")
        let copy = harness.folder.file("copy")
        try #require(try ProcessRunner.run("/bin/cp", ["-a", harness.library, copy]).status == 0)

        // Another disk mounted at the music folder, holding the same files (a tmpfs, in a
        // mount namespace of the scan's own).
        let refused = try scanOnAnotherDisk(harness, copy: copy)
        #expect(refused.status == 75, "\(refused.stdout)\(refused.stderr)")
        #expect(refused.stdout.contains("\(harness.library): on another filesystem than at the last scan (device "), "\(refused.stdout)")
        #expect(refused.stdout.contains("is the right disk mounted? nothing was marked missing (if it is: segue-scan --accept-vanished)"),
                "\(refused.stdout)")
        #expect(try harness.count("SELECT device FROM music_folders") == device)

        let accepted = try scanOnAnotherDisk(harness, copy: copy, ["--accept-vanished"])
        #expect(accepted.status == 0, "\(accepted.stdout)\(accepted.stderr)")
        #expect(accepted.stdout.contains("nothing changed"), "the same files: \(accepted.stdout)")
        #expect(try harness.count("SELECT device FROM music_folders") != device)
        // Back on the first disk, which is now the other one.
        #expect(try harness.scan().status == 75)
    }

    @Test func aMissingFolderIsRefused() throws {
        let harness = try ScanHarness(tracks: 4)
        try harness.scan()
        try FileManager.default.moveItem(atPath: harness.library, toPath: harness.folder.file("unmounted"))
        let result = try harness.scan()
        #expect(result.status == 75)
        #expect(result.stdout.contains("\(harness.library): cannot be read (No such file or directory) — is it mounted?"), "\(result.stdout)")
        #expect(try harness.count("SELECT COUNT(*) FROM tracks WHERE missing_since IS NOT NULL") == 0)
    }

    private func scanOnAnotherDisk(_ harness: ScanHarness, copy: String, _ arguments: [String] = []) throws -> ProcessResult {
        let script = "mount -t tmpfs segue-test \"$1\" && cp -a \"$2/.\" \"$1/\" && shift 2 && exec \"$@\""
        return try ProcessRunner.run("/usr/bin/unshare", ["-m", "sh", "-c", script, "sh", harness.library, copy,
                                                          ProcessRunner.executable("segue-scan"), "--db", harness.database] + arguments,
                                     in: harness.folder.path,
                                     environment: ["SEGUE_MUSIC_DIR": harness.library, "HOME": harness.folder.path, "PATH": "/usr/bin:/bin"])
    }
}
