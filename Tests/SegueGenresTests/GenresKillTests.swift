import Foundation
import GRDB
import SegueCore
import SegueTestSupport
import Testing

/// `segue-genres` killed at any instant, or stopped by SIGINT/SIGTERM, and rerun against the
/// fixture server: the database ends as an uninterrupted run leaves it.
@Suite struct GenresKillTests {
    /// Twelve artists without MBIDs (each found by a name search), their albums (found by
    /// browsing), Last.fm tags and similar artists, and a ListenBrainz history: some sixty
    /// requests at 40 per second, each committed before the next.
    final class Bed: Sendable {
        static let artists = 12
        let services: GenresTestBed
        let config: String
        let reference: DatabaseContents
        let window: Double

        private static let made = Result { try Bed() }
        static func get() throws -> Bed { try made.get() }

        private init() throws {
            services = try GenresTestBed(artists: Self.artists, albumsPerArtist: 1, withMBIDs: false)
            services.services.updateLibrary { $0.listens["alice"] = [.init(listenedAt: 1_700_000_000, artist: "Artist 3", title: "Song 0")] }
            config = try services.writeConfig(services.yaml(musicbrainzRate: 40, lastfmKey: "k3y", lastfmRate: 40,
                                                            listenbrainzUser: "alice"))
            let database = try Self.fresh(services.directory.file("reference/segue.db"))
            let probe = StageProbe(database: database, stage: "genres")
            let (window, result) = StageKiller.workingTime(of: try Self.start(database, config: config), started: { probe.hasStarted })
            guard result.status == 0 else { throw SetupFailure("reference run failed: \(result.stderr)") }
            self.window = window
            reference = try DatabaseContents(of: database)
        }

        /// The library as the scan left it, in a folder of its own (its checkpoints go beside it).
        func fresh(_ name: String) throws -> String {
            try Self.fresh(services.directory.file("\(name)/segue.db"))
        }

        static func fresh(_ path: String) throws -> String {
            try SyntheticGenreLibrary.populate(try AppDatabase(path: path), artists: artists, albumsPerArtist: 1,
                                               withArtistMBIDs: false, withReleaseGroupMBIDs: false)
            return path
        }

        func start(_ database: String) throws -> RunningProcess {
            try Self.start(database, config: config)
        }

        static func start(_ database: String, config: String) throws -> RunningProcess {
            try ProcessRunner.start(ProcessRunner.executable("segue-genres"), ["--config", config, "--db", database, "--quiet"])
        }
    }

    /// Artists and albums whose answer is committed (with its cache row).
    static let committed = "SELECT COUNT(*) FROM genre_cache"

    @Test func killedAtRandomInstantsTheRerunLeavesWhatAnUninterruptedRunLeaves() throws {
        let bed = try Bed.get()
        var killer = StageKiller(stage: "segue-genres")
        let seed = killer.seed
        var trial = ""
        try killer.killAtRandomInstants(window: bed.window, start: {
            trial = try bed.fresh("trial-\(UUID().uuidString)")
            let probe = StageProbe(database: trial, stage: "genres")
            return (try bed.start(trial), { probe.hasStarted })
        }, verify: { instant, _ in
            let problems = try ResumeCheck.rerun(trial, by: { try bed.start(trial).wait() }, leaves: bed.reference)
            #expect(problems == [],
                    "killed \(String(format: "%.3f", instant)) s in (seed \(seed))")
        })
    }

    @Test(arguments: [SIGINT, SIGTERM])
    func aSignalStopsTheRunBetweenTwoRequests(_ signal: Int32) throws {
        let bed = try Bed.get()
        let database = try bed.fresh("signal-\(signal)")
        let running = try bed.start(database)
        let pause = try WritePause(database: database) { try Int.fetchOne($0, sql: Self.committed)! >= 2 }
        let committedAtSignal = try pause.count(Self.committed)
        running.signal(signal)
        pause.release()
        let result = running.wait()

        let stop = try ResumeCheck.stop(result, program: "segue-genres", unit: "MusicBrainz artists", database: database)
        #expect(stop.problems == [])
        #expect(stop.committed >= committedAtSignal && stop.committed < Bed.artists && stop.total == Bed.artists, "\(stop)")
        let problems = try ResumeCheck.rerun(database, by: { try bed.start(database).wait() }, leaves: bed.reference)
        #expect(problems == [])
    }
}
