import Foundation
import SegueCore
import SegueTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `segue-genres` run as users run it, against the fixture server.
@Suite struct GenresExecutableTests {
    @Test func runsEndToEndThenHasNothingToDo() throws {
        let bed = try GenresTestBed(artists: 30, albumsPerArtist: 1)
        let config = try bed.writeConfig(bed.yaml(lastfmKey: "s3cret-key", lastfmRate: 400))
        bed.services.server.inject(FixtureFaultRule(.serverError(status: 500), pathPrefix: "/2.0", times: 1))
        let first = try ProcessRunner.runStage("segue-genres", ["--config", config])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("segue-genres: 60 artists and 60 albums fetched"))
        // The retried request was logged, its key hidden.
        #expect(first.stderr.contains("api_key=REDACTED"))
        #expect(!first.stderr.contains("s3cret-key") && !first.stdout.contains("s3cret-key"))
        #expect(FileManager.default.fileExists(atPath: bed.directory.file("checkpoints/genres.done")))

        let before = bed.services.server.requests.count
        let second = try ProcessRunner.runStage("segue-genres", ["--config", config])
        #expect(second.status == 0)
        #expect(second.stdout.contains("0 requests"))
        #expect(bed.services.server.requests.count == before)
    }

    @Test func serviceDownExits75() throws {
        let bed = try GenresTestBed(artists: 5, albumsPerArtist: 1)
        bed.services.setDown(.musicbrainz)
        let config = try bed.writeConfig(bed.yaml(lastfmKey: "k3y"))
        let result = try ProcessRunner.runStage("segue-genres", ["--config", config])
        #expect(result.status == 75)
        #expect(result.stdout.contains("MusicBrainz given up"))
        #expect(try bed.count("SELECT COUNT(*) FROM genre_cache WHERE source = 'lastfm' AND status = 'found'") == 15)
    }

    @Test func dryRunPrintsRequestsAndTime() throws {
        let bed = try GenresTestBed(artists: 2_100, albumsPerArtist: 0)
        let config = try bed.writeConfig(bed.yaml(musicbrainzRate: 1))
        let result = try ProcessRunner.runStage("segue-genres", ["--config", config, "--dry-run", "--only", "artists"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("would make 21 requests"))
        #expect(result.stdout.contains("about 0:23"))
        #expect(bed.services.server.requests.isEmpty)
    }

    @Test func killedRunResumesWithoutRefetching() throws {
        let bed = try GenresTestBed(artists: 800, albumsPerArtist: 0)
        let config = try bed.writeConfig(bed.yaml(musicbrainzRate: 4))
        let running = try ProcessRunner.start(ProcessRunner.executable("segue-genres"), ["--config", config, "--only", "artists"])
        let deadline = Date().addingTimeInterval(20)
        while bed.services.requests(.musicbrainz).count < 4, Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        running.signal(SIGKILL)
        _ = running.wait()
        let kept = try bed.count("SELECT COUNT(*) FROM genre_cache")
        #expect(kept >= 200 && kept < 800 && kept % 100 == 0)
        let sent = bed.services.requests(.musicbrainz).count

        let rerun = try ProcessRunner.runStage("segue-genres", ["--config", config, "--only", "artists"])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(try bed.count("SELECT COUNT(*) FROM genre_cache WHERE status = 'found'") == 800)
        // Only the batches not committed before the kill are asked for again.
        #expect(bed.services.requests(.musicbrainz).count - sent == (800 - kept) / 100)
    }
}
