import Foundation
import GRDB
import SegueTestSupport
import Testing

/// A track is its audio: a retag in place, or a move with a retag, keeps the track with its
/// analysis (`analyzed_at` unchanged, nothing to analyse again), genres and history; a
/// re-encode is a new track. Played through `segue-scan` and `segue-analyze`, on one track of
/// every generated format.
@Suite struct AudioIdentityScanTests {
    struct Analysis: Equatable {
        var trackID: Int64
        var analyzedAt: Date
        var count: Int
    }

    static func analyses(_ harness: ScanHarness) throws -> [Analysis] {
        try harness.read { db in
            try Row.fetchAll(db, sql: "SELECT track_id, analyzed_at, analysis_count FROM sonic_features ORDER BY track_id").map {
                Analysis(trackID: $0[0], analyzedAt: $0[1], count: $0[2])
            }
        }
    }

    static func analyze(_ harness: ScanHarness) throws -> ProcessResult {
        try ProcessRunner.runStage("segue-analyze", ["--db", harness.database, "--workers", "1", "--config", try harness.dspOnlyConfig()],
                                   in: harness.folder.path,
                                   environment: ["SEGUE_MUSIC_DIR": harness.library, "HOME": harness.folder.path, "PATH": "/usr/bin:/bin"])
    }

    /// A scanned and analysed library of one track per generated format.
    static func analysedLibrary() throws -> ScanHarness {
        let harness = try ScanHarness(tracks: AudioFormat.generated.count)
        try #require(try harness.scan().status == 0)
        let analysed = try analyze(harness)
        try #require(analysed.status == 0, "\(analysed.stderr)")
        try #require(try analyses(harness).count == harness.manifest.tracks.count)
        return harness
    }

    @Test func aRetagInPlaceKeepsTheAnalysis() throws {
        let harness = try Self.analysedLibrary()
        let before = try Self.analyses(harness)
        let fingerprints = try harness.read { try String.fetchAll($0, sql: "SELECT fingerprint FROM tracks ORDER BY id") }
        for track in harness.manifest.tracks {
            var tags = track.tags
            tags["TITLE"] = ["Retagged \(track.path.count)"]
            tags["COMMENT"] = [String(repeating: "a tagger's long comment ", count: 100)]
            try TagWriter.write(tags, to: harness.path(track.path))
        }

        let scan = try harness.scan()
        #expect(scan.status == 0, "\(scan.stderr)")
        #expect(scan.stdout.contains("\(harness.manifest.tracks.count) changed"), "\(scan.stdout)")
        for track in harness.manifest.tracks {
            #expect(try harness.track(track.path)?["title"] == "Retagged \(track.path.count)", "\(track.path)")
        }
        #expect(try harness.read { try String.fetchAll($0, sql: "SELECT fingerprint FROM tracks ORDER BY id") } == fingerprints)
        let analyze = try Self.analyze(harness)
        #expect(analyze.stdout.contains("nothing to analyse"), "a retag is no reason to analyse again: \(analyze.stdout)")
        #expect(try Self.analyses(harness) == before)
    }

    @Test func aMoveWithARetagKeepsIdentityAnalysisGenresAndHistory() throws {
        let harness = try Self.analysedLibrary()
        let before = try Self.analyses(harness)
        for (index, track) in harness.manifest.tracks.enumerated() {
            let id = try #require(try harness.track(track.path)?["id"] as Int64?)
            try harness.write { db in
                try db.execute(sql: "INSERT INTO track_genres (track_id, genre, weight, source) VALUES (?, 'drone', 1, 'lastfm')",
                               arguments: [id])
                try db.execute(sql: """
                    INSERT INTO listens (source, listened_at, artist, title, track_id, match_method)
                    VALUES ('listenbrainz', ?, 'Someone', 'Something', ?, 'mbid')
                    """, arguments: [Date(timeIntervalSince1970: 1_700_000_000 + Double(index)), id])
            }
        }
        let files = FileManager.default
        try files.createDirectory(atPath: harness.path("Reorganized"), withIntermediateDirectories: false)
        var moves: [(id: Int64, from: String, to: String)] = []
        for (index, track) in harness.manifest.tracks.enumerated() {
            let id = try #require(try harness.track(track.path)?["id"] as Int64?)
            let target = "Reorganized/\(index) Moved.\((track.path as NSString).pathExtension)"
            try files.moveItem(atPath: harness.path(track.path), toPath: harness.path(target))
            try TagWriter.write(["TITLE": ["Moved and Retagged"], "ARTIST": ["Another Name"]], to: harness.path(target))
            moves.append((id, track.path, target))
        }

        let scan = try harness.scan()
        #expect(scan.status == 0, "\(scan.stdout)\(scan.stderr)")
        #expect(scan.stdout.contains("0 added, 0 changed, \(moves.count) moved, 0 missing"), "\(scan.stdout)")
        for move in moves {
            let row = try #require(try harness.track(move.to), "\(move.to)")
            #expect(row["id"] as Int64 == move.id, "\(move.from) keeps its track")
            #expect(row["title"] == "Moved and Retagged")
        }
        #expect(try Self.analyses(harness) == before)
        #expect(try harness.count("SELECT COUNT(*) FROM track_genres WHERE source = 'lastfm'") == moves.count)
        #expect(try harness.count("SELECT COUNT(*) FROM listens WHERE track_id IN (SELECT id FROM tracks)") == moves.count)
        #expect(try Self.analyze(harness).stdout.contains("nothing to analyse"))
    }

    @Test func aReEncodeIsANewTrack() throws {
        let harness = try ScanHarness(tracks: AudioFormat.generated.count)
        try #require(try harness.scan().status == 0)
        let track = try #require(harness.manifest.tracks.first { $0.format == AudioFormat.mp3.rawValue })
        let before = try #require(try harness.track(track.path))
        let reencoded = (track.path as NSString).deletingPathExtension + " (192k).mp3"
        let encoded = try ProcessRunner.run("/usr/bin/ffmpeg", ["-nostdin", "-v", "error", "-i", harness.path(track.path),
                                                                "-c:a", "libmp3lame", "-b:a", "192k", harness.path(reencoded)])
        try #require(encoded.status == 0, "\(encoded.stderr)")
        try TagWriter.write(track.tags, to: harness.path(reencoded))
        try FileManager.default.removeItem(atPath: harness.path(track.path))

        let scan = try harness.scan()
        #expect(scan.stdout.contains("1 added, 0 changed, 0 moved, 1 missing"), "\(scan.stdout)")
        let after = try #require(try harness.track(reencoded))
        #expect(after["id"] as Int64 != before["id"] as Int64)
        #expect(after["fingerprint"] as String? != before["fingerprint"] as String?)
    }
}
