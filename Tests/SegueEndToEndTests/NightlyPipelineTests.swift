import Foundation
import GRDB
import Testing
import SegueCore
import SegueTestSupport

/// The three promises of Segue, played as real nights against a generated library of 200
/// tracks in every format, with simulated genre services: the nightly rebuild, rerunning one
/// stage after a failure, and resuming an interrupted analysis.
@Suite(.serialized) struct NightlyPipelineTests {
    static let stages = ["scan", "analyze", "genres", "index", "export"]

    @Test func firstNightRunsEveryStageAndWritesPlaylists() throws {
        let home = try Installation()
        let night = try home.pipeline()
        #expect(night.status == 0, "\(night.output)")
        for stage in Self.stages {
            #expect(night.summaryRow(stage)?.contains(" ok ") == true, "no ok row for \(stage) in:\n\(night.stdout)")
        }
        #expect(night.stdout.contains("segue pipeline finished: all stages ok"))

        let expectedTracks = home.library.manifest.tracks.count + home.library.manifest.broken.filter(\.expectTrack).count
        let (tracks, analysed, withGenres, playlists) = try home.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tracks")!,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sonic_features")!,
             try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT artist_id) FROM artist_genres")!,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM playlists")!)
        }
        #expect(tracks == expectedTracks)
        #expect(analysed >= home.library.manifest.tracks.count)
        #expect(withGenres > 0)
        #expect(playlists > 0)

        let entries = try home.playlistEntries()
        #expect(entries.count == playlists)
        for (name, paths) in entries {
            #expect(!paths.isEmpty, "\(name) is empty")
            for path in paths {
                #expect(FileManager.default.fileExists(atPath: path), "\(name): \(path) does not resolve")
            }
        }
    }

    @Test func secondNightWithNothingChangedDoesNoWorkAndNoRequests() throws {
        let home = try Installation()
        try #require(try home.pipeline().status == 0)
        let requestsAfterFirstNight = home.requestCount
        let firstGenerated = try home.read { db in try Date.fetchOne(db, sql: "SELECT MAX(generated_at) FROM playlists") }

        let night = try home.pipeline()
        #expect(night.status == 0, "\(night.output)")
        #expect(night.summaryRow("scan")?.contains("nothing changed") == true, "\(night.stdout)")
        #expect(night.summaryRow("analyze")?.contains("nothing to analyse") == true, "\(night.stdout)")
        #expect(night.summaryRow("index")?.contains("up to date") == true, "\(night.stdout)")
        #expect(home.requestCount == requestsAfterFirstNight,
                "second night asked \(home.services.server.requests.dropFirst(requestsAfterFirstNight).map(\.target))")
        let secondGenerated = try home.read { db in try Date.fetchOne(db, sql: "SELECT MAX(generated_at) FROM playlists") }
        #expect(secondGenerated! > firstGenerated!, "playlists were not rebuilt")
        let analysedTwice = try home.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sonic_features WHERE analysis_count > 1")! }
        #expect(analysedTwice == 0)
    }

    @Test func changesBetweenNightsAreAllThatIsProcessed() throws {
        let home = try Installation(privateMusic: true)
        try #require(try home.pipeline().status == 0)
        let tagged = home.library.manifest.tracks.filter { !$0.tags.isEmpty }
        let moved = tagged[0], retagged = tagged[1], deleted = tagged[2], corrupted = tagged[3], copied = tagged[4]
        @Sendable func path(_ track: GeneratedTrack) -> String { (home.music as NSString).appendingPathComponent(track.path) }
        struct Identity: Sendable, Equatable { var id: Int64; var analyzedAt: Date? }
        func row(_ filePath: String) throws -> Identity? {
            try home.read { db in
                try Row.fetchOne(db, sql: """
                    SELECT t.id, f.analyzed_at FROM tracks t LEFT JOIN sonic_features f ON f.track_id = t.id WHERE t.path = ?
                    """, arguments: [filePath]).map { Identity(id: $0[0], analyzedAt: $0[1]) }
            }
        }
        let movedBefore = try #require(try row(path(moved)))
        let deletedBefore = try #require(try row(path(deleted)))

        let fm = FileManager.default
        let newFolder = (home.music as NSString).appendingPathComponent("Reorganized/Elsewhere")
        try fm.createDirectory(atPath: newFolder, withIntermediateDirectories: true)
        let movedPath = (newFolder as NSString).appendingPathComponent((moved.path as NSString).lastPathComponent)
        try fm.moveItem(atPath: path(moved), toPath: movedPath)
        try TagWriter.write(["TITLE": ["Retitled Between Nights"]], to: path(retagged))
        try fm.removeItem(atPath: path(deleted))
        let handle = try #require(FileHandle(forUpdatingAtPath: path(corrupted)))
        try handle.truncate(atOffset: 200)
        try handle.close()
        let addedPath = (newFolder as NSString).appendingPathComponent("99 Added Tonight." + (copied.path as NSString).pathExtension)
        try fm.copyItem(atPath: path(copied), toPath: addedPath)
        try TagWriter.write(["TITLE": ["Added Tonight"], "MUSICBRAINZ_TRACKID": ["00000000-0000-4000-8000-000000000099"]], to: addedPath)

        let night = try home.pipeline()
        #expect(night.status == 0, "\(night.output)")
        let scan = night.summaryRow("scan") ?? ""
        #expect(scan.contains("1 added"), "\(scan)")
        #expect(scan.contains("1 moved"), "\(scan)")
        #expect(scan.contains("1 missing"), "\(scan)")
        let analyze = night.summaryRow("analyze") ?? ""
        #expect(analyze.contains("analysed 1 tracks, 0 failed,"), "only the added track is analysed, not the retagged one: \(analyze)")

        let movedAfter = try #require(try row(movedPath))
        #expect(movedAfter.id == movedBefore.id, "a moved file keeps its identity")
        #expect(movedAfter.analyzedAt == movedBefore.analyzedAt, "a moved file keeps its analysis")
        let retitled = try home.read { db in try String.fetchOne(db, sql: "SELECT title FROM tracks WHERE path = ?", arguments: [path(retagged)]) }
        #expect(retitled == "Retitled Between Nights")
        let (missingSince, uses) = try home.read { db in
            (try Date.fetchOne(db, sql: "SELECT missing_since FROM tracks WHERE id = ?", arguments: [deletedBefore.id]),
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM playlist_tracks WHERE track_id = ?", arguments: [deletedBefore.id])!)
        }
        #expect(missingSince != nil, "a deleted file is marked missing, its history kept")
        #expect(uses == 0, "a deleted file leaves the playlists")
        // The corrupted file is recorded as a failure and leaves the playlists; its track is
        // kept as missing (with its history) until the file is mended or purged.
        let (failure, corruptedMissing) = try home.read { db in
            (try String.fetchOne(db, sql: "SELECT kind FROM scan_failures WHERE path = ?", arguments: [path(corrupted)]),
             try Date.fetchOne(db, sql: "SELECT missing_since FROM tracks WHERE path = ?", arguments: [path(corrupted)]))
        }
        #expect(failure == "truncated", "the corrupted file's failure: \(failure ?? "none")")
        #expect(corruptedMissing != nil, "the corrupted file's track is set aside")
        #expect(scan.contains("failed (") && scan.contains("truncated"), "\(scan)")
        for (name, paths) in try home.playlistEntries() {
            #expect(!paths.contains(path(deleted)), "\(name) still lists the deleted file")
            #expect(!paths.contains(path(moved)), "\(name) still lists the moved file's old path")
            #expect(!paths.contains(path(corrupted)), "\(name) still lists the corrupted file")
        }
    }

    @Test func killedAnalysisResumesToTheFeaturesOfACleanRun() throws {
        let interrupted = try Installation()
        try #require(try interrupted.stage("scan", ["--quiet"]).status == 0)
        // Kill points chosen by progress, not by time, so they land mid-run on any machine:
        // after a random number of committed tracks, in the first, second and last third.
        var generator = SplitMix64(seed: 2026)
        let total = interrupted.library.manifest.tracks.count
        var kills = 0
        for third in 0..<3 {
            let target = Int.random(in: (total * third / 3 + 1)...(total * (third + 1) / 3 - 8), using: &generator)
            let running = try ProcessRunner.start(ProcessRunner.executable("segue-analyze"),
                                                  ["--config", interrupted.config, "--workers", "2", "--quiet"],
                                                  environment: interrupted.environment)
            let reader = try AppDatabase(path: interrupted.database, readOnly: true)
            while running.process.isRunning,
                  try reader.pool.read({ db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sonic_features")! }) < target {
                Thread.sleep(forTimeInterval: 0.002)
            }
            running.signal(SIGKILL)
            if running.wait().status != 0 { kills += 1 }
        }
        #expect(kills == 3, "every run should have been killed mid-way")
        let resumed = try interrupted.stage("analyze", ["--workers", "2"])
        #expect(resumed.status == 0, "\(resumed.output)")

        let clean = try Installation()
        try #require(try clean.stage("scan", ["--quiet"]).status == 0)
        try #require(try clean.stage("analyze", ["--workers", "1", "--quiet"]).status == 0)

        let query = "SELECT t.path, f.vector, f.bpm, f.musical_key FROM sonic_features f JOIN tracks t ON t.id = f.track_id ORDER BY t.path"
        let a = try interrupted.read { db in try Row.fetchAll(db, sql: query).map { [$0[0] as String, ($0[1] as Data).base64EncodedString()] } }
        let b = try clean.read { db in try Row.fetchAll(db, sql: query).map { [$0[0] as String, ($0[1] as Data).base64EncodedString()] } }
        #expect(a.count == b.count)
        #expect(a == b, "features after kills differ from a clean run")
        let (integrity, redone) = try interrupted.read { db in
            (try String.fetchOne(db, sql: "PRAGMA integrity_check"),
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sonic_features WHERE analysis_count > 1")!)
        }
        #expect(integrity == "ok")
        #expect(redone == 0, "committed tracks were analysed again")
    }

    @Test func genreServiceDownAllNightStillWritesPlaylists() throws {
        let home = try Installation()
        for service in FixtureServices.Service.allCases { home.services.setDown(service) }
        let night = try home.pipeline()
        #expect(night.status != 0)
        #expect(night.summaryRow("genres")?.contains("retry(75)") == true, "\(night.stdout)")
        #expect(night.stdout.contains("failures in: genres"), "\(night.stdout)")
        #expect(night.summaryRow("export")?.contains(" ok ") == true, "\(night.stdout)")
        #expect(try !home.playlistEntries().isEmpty, "tonight's playlists were lost to the genre service")
        let genresBefore = try home.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM artist_genres WHERE source = 'musicbrainz'")! }
        #expect(genresBefore == 0)

        for service in FixtureServices.Service.allCases { home.services.setDown(service, false) }
        let rerun = try home.make(["genres"])
        #expect(rerun.status == 0, "\(rerun.output)")
        let later = try home.make(["index", "export"])
        #expect(later.status == 0, "\(later.output)")
        let (genresAfter, scans) = try home.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM artist_genres WHERE source = 'musicbrainz'")!,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM stage_runs WHERE stage = 'scan'")!)
        }
        #expect(genresAfter > 0, "make genres did not complete the fetch")
        #expect(scans == 1, "rerunning genres, index and export must not redo the scan")
        #expect(later.output.contains("indexed"), "the index did not take in the new genres: \(later.output)")
    }

    @Test func twoPipelinesAtOnceTheSecondIsTurnedAway() throws {
        let home = try Installation()
        let first = try home.startPipeline()
        let lock = (home.checkpoints as NSString).appendingPathComponent("pipeline.lock")
        var waited = 0.0
        while waited < 30, ((try? String(contentsOfFile: lock, encoding: .utf8)) ?? "").isEmpty {
            Thread.sleep(forTimeInterval: 0.05)
            waited += 0.05
        }
        let second = try home.pipeline()
        #expect(second.status == 75)
        #expect(second.stderr.contains("pid \(first.pid) (pipeline.sh) since"), "\(second.stderr)")
        #expect(second.stderr.split(separator: "\n").count == 1, "one line: \(second.stderr)")
        let firstResult = first.wait()
        #expect(firstResult.status == 0, "\(firstResult.output)")
    }
}
