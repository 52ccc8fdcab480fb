import Foundation
import GRDB
import SegueTestSupport
import Testing
@testable import SegueScan

/// A database Segue made before tracks were identified by their audio opens with the new code
/// and keeps every analysis: the first scan identifies each file by its audio once (a file
/// moved meanwhile is still recognized, by the fingerprint of before), and nothing is analysed
/// again.
@Suite struct MigrationTests {
    static let schema = FixtureFiles.packageRoot + "/Tests/Fixtures/schemas/before-audio-identity.sql"

    @Test func theFirstScanOfAnOlderDatabaseKeepsEveryAnalysis() throws {
        let harness = try ScanHarness(tracks: AudioFormat.generated.count)
        let analysedAt = Date(timeIntervalSince1970: 1_764_300_000)
        try writeOldDatabase(harness, analysedAt: analysedAt)
        let before = try features(harness)
        try #require(before.count == harness.manifest.tracks.count)
        // Between the last scan of before and the first of now, one file moved.
        let moved = harness.manifest.tracks[0]
        let movedTo = "Elsewhere." + (moved.path as NSString).pathExtension
        try FileManager.default.moveItem(atPath: harness.path(moved.path), toPath: harness.path(movedTo))

        let scan = try harness.scan()
        #expect(scan.status == 0, "\(scan.stderr)")
        #expect(scan.stdout.contains("0 added, 0 changed, 1 moved, 0 missing, \(before.count - 1) identified by their audio"),
                "\(scan.stdout)")
        #expect(try features(harness) == before, "every analysis is kept")
        #expect(try harness.count("SELECT COUNT(*) FROM tracks WHERE fingerprint_version = 1 AND length(fingerprint) = 64") == before.count)
        #expect(try harness.count("SELECT COUNT(*) FROM tracks WHERE julianday(content_changed_at) > julianday(?)", [analysedAt]) == 0)
        #expect(try harness.track(movedTo)?["id"] as Int64? == 1)

        let analyze = try ProcessRunner.runStage("segue-analyze", ["--db", harness.database, "--config", try harness.dspOnlyConfig()],
                                                 in: harness.folder.path,
                                                 environment: ["HOME": harness.folder.path, "PATH": "/usr/bin:/bin"])
        #expect(analyze.stdout.contains("nothing to analyse: \(before.count) tracks up to date"), "\(analyze.stdout)\(analyze.stderr)")
        #expect(try harness.scan().stdout.contains("nothing changed"))
    }

    /// The schema of before (committed SQL) holding what its scan and analysis wrote: each file
    /// with its size, mtime and byte fingerprint, each track analysed at `analysedAt`.
    private func writeOldDatabase(_ harness: ScanHarness, analysedAt: Date) throws {
        let schema = try String(contentsOfFile: Self.schema, encoding: .utf8)
        try harness.write { db in
            try db.execute(sql: schema)
            for (index, track) in harness.manifest.tracks.enumerated() {
                let path = harness.path(track.path)
                var info = stat()
                try #require(stat(path, &info) == 0)
                let descriptor = open(path, O_RDONLY)
                defer { close(descriptor) }
                let sample = try FileSample(descriptor: descriptor, size: Int(info.st_size))
                let mtime = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
                try db.execute(sql: """
                    INSERT INTO tracks (id, path, size, mtime, fingerprint, title, artist, duration_ms, content_changed_at, scanned_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [index + 1, path, Int(info.st_size), mtime, sample.byteFingerprint, track.tags["TITLE"]?.first,
                                     track.tags["ARTIST"]?.first, Int(track.seconds * 1000), analysedAt.addingTimeInterval(-3600),
                                     analysedAt.addingTimeInterval(-3600)])
                let vector = (0..<95).flatMap { withUnsafeBytes(of: Float(index * 100 + $0).bitPattern.littleEndian, Array.init) }
                try db.execute(sql: """
                    INSERT INTO sonic_features (track_id, version, vector, bpm, analyzed_at, analyzed_seconds) VALUES (?, 1, ?, ?, ?, ?)
                    """, arguments: [index + 1, Data(vector), 120 + index, analysedAt, track.seconds])
            }
        }
    }

    private func features(_ harness: ScanHarness) throws -> [Row] {
        try harness.read { db in
            try Row.fetchAll(db, sql: "SELECT track_id, version, vector, bpm, analyzed_at, analysis_count FROM sonic_features ORDER BY track_id")
        }
    }
}
