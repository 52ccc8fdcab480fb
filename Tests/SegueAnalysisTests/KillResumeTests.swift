import Foundation
import GRDB
import SegueTestSupport
import Testing

@Suite("segue-analyze killed and resumed")
struct KillResumeTests {
    /// Committed feature rows, read while the stage runs.
    static func committed(_ fixture: AnalysisFixture) -> Int {
        (try? fixture.scalar("SELECT COUNT(*) FROM sonic_features") as Int?) ?? 0
    }

    /// Whether the stage has recorded its run, so a kill leaves it `running` for the next run to close.
    static func started(_ fixture: AnalysisFixture) -> Bool {
        ((try? fixture.scalar("SELECT COUNT(*) FROM stage_runs WHERE status = 'running'") as Int?) ?? 0) > 0
    }

    /// With the MusiCNN embedding on (one patch per window, to stay quick): it must resume
    /// bit-identical as well.
    @Test("SIGKILL at several points, then a rerun, gives the database of an uninterrupted run")
    func killAndResume() throws {
        let fixture = try AnalysisFixture(batchSize: 2, segmentSeconds: 5, patches: 1)
        let formats: [TestAudio.Format] = [.flac, .wav, .mp3, .ogg]
        let paths = try (0..<16).map { index in
            try TestAudio.tone(seconds: 20, format: formats[index % formats.count], in: fixture.library,
                               name: "track-\(index)", frequency: 200 + 30 * Double(index), amplitude: 0.3)
        }
        try fixture.addTracks(paths)
        let clean = fixture.folder.file("state/clean.db")
        try fixture.addTracks(paths, to: clean)

        var kills = 0
        for target in [0, 2, 6, 10] {
            let running = try fixture.start()
            while !Self.started(fixture) || Self.committed(fixture) < target, running.process.isRunning {
                usleep(2_000)
            }
            guard running.process.isRunning else {
                _ = running.wait()
                break
            }
            running.signal(SIGKILL)
            let result = running.wait()
            #expect(result.status == SIGKILL, "killed by the signal, not finished")
            kills += 1
        }
        let last = try fixture.analyze()
        #expect(last.status == 0, "\(last.stderr)")
        #expect(kills >= 1, "at least one run was killed mid-way")

        #expect(try fixture.analyze(database: clean).status == 0)
        let resumed = try fixture.features(), uninterrupted = try fixture.features(in: clean)
        #expect(resumed.count == paths.count)
        #expect(resumed == uninterrupted)
        let embeddings = try fixture.embeddings()
        #expect(embeddings.count == paths.count)
        #expect(embeddings == (try fixture.embeddings(in: clean)))
        #expect(try fixture.scalar("PRAGMA integrity_check") as String? == "ok")
        // Only the batch in flight at a kill is lost and redone: every committed track once.
        #expect(try fixture.scalar("SELECT MAX(analysis_count) FROM sonic_features") as Int? == 1)
        #expect(try fixture.scalar("SELECT COUNT(*) FROM stage_runs WHERE status = 'interrupted'") as Int? == kills)
    }
}
