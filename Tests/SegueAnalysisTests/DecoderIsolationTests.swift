import Foundation
import GRDB
import SegueTestSupport
import Testing

/// A decoder that crashes or hangs, for real: the worker process calls `abort()` or blocks
/// forever on the files `SEGUE_TEST_DECODER_FAULT` names.
@Suite("segue-analyze with a crashing or hanging decoder")
struct DecoderIsolationTests {
    /// The pids of live worker processes started by the supervisor `pid`.
    static func workers(of pid: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> Int32? in
            guard let child = Int32(entry),
                  let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { return nil }
            let arguments = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            let status = (try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8)) ?? ""
            // A zombie (state Z) has ended; only its parent's wait is missing.
            let state = status.split(separator: ")").last?.split(separator: " ").first
            return arguments.suffix(2) == ["--decode-worker", String(pid)] && state != "Z" ? child : nil
        }
    }

    /// Waits up to `seconds` for `condition`.
    static func eventually(_ seconds: Double = 60, _ condition: () -> Bool) -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if condition() { return true }
            usleep(10_000)
        }
        return condition()
    }

    /// Whether `track` is marked as in a worker's hands by the running run.
    static func inHand(_ fixture: AnalysisFixture, _ track: Int) -> Bool {
        ((try? fixture.scalar("SELECT COUNT(*) FROM analysis_in_flight WHERE track_id = \(track) AND run_id IS NOT NULL") as Int?) ?? 0) == 1
    }

    @Test("a crashing and a hanging file each cost one track, are skipped with their reason, and --retry-failed tries them again")
    func crashAndHang() throws {
        let fixture = try AnalysisFixture(extraConfig: "  track_timeout_seconds: 2")
        let formats: [TestAudio.Format] = [.flac, .mp3, .wav, .ogg]
        var paths = try formats.enumerated().map { index, format in
            try TestAudio.tone(seconds: 20, format: format, in: fixture.library, name: "good-\(index)",
                               frequency: 250 + 40 * Double(index), amplitude: 0.4)
        }
        paths.insert(try TestAudio.tone(seconds: 20, format: .flac, in: fixture.library, name: "crash"), at: 1)
        paths.insert(try TestAudio.tone(seconds: 20, format: .mp3, in: fixture.library, name: "hang"), at: 3)
        try fixture.addTracks(paths)
        let clean = fixture.folder.file("state/clean.db")
        try fixture.addTracks(paths, to: clean)
        let fault = "crash:crash.flac,hang:hang.mp3"

        let running = try fixture.start(fault: fault)
        let first = running.wait()
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("analysed 4 tracks, 2 failed (decoder crashed 1, timed out 1), 0 pending"), "\(first.stdout)")
        #expect(Self.workers(of: running.pid).isEmpty, "no worker outlives its supervisor")
        var failures = try fixture.failures()
        #expect(failures.count == 2)
        #expect(failures[2]?.kind == "decoder-crashed")
        #expect(failures[2]?.reason == "decoder crashed (signal \(SIGABRT))")
        #expect(failures[4]?.kind == "timed-out")
        #expect(failures[4]?.reason == "timed out after 2 s")
        #expect(try fixture.scalar("SELECT COUNT(*) FROM analysis_in_flight") as Int? == 0)

        // The replacement workers measure exactly as the first ones did.
        #expect(try fixture.analyze(database: clean).status == 0)
        let features = try fixture.features(), uninterrupted = try fixture.features(in: clean)
        #expect(features.count == 4)
        #expect(features == uninterrupted.filter { features.keys.contains($0.key) })

        let second = try fixture.analyze(fault: fault)
        #expect(second.status == 0)
        #expect(second.stdout.contains("nothing to analyse: 4 tracks up to date, 2 failed earlier (decoder crashed 1, timed out 1; --retry-failed to try again)"),
                "\(second.stdout)")
        #expect(try fixture.failures().values.allSatisfy { $0.attempts == 1 })

        let retried = try fixture.analyze(["--retry-failed"], fault: fault)
        #expect(retried.status == 0, "\(retried.stderr)")
        #expect(retried.stdout.contains("analysed 0 tracks, 2 failed (decoder crashed 1, timed out 1), 0 pending"), "\(retried.stdout)")
        failures = try fixture.failures()
        #expect(failures[2]?.attempts == 2 && failures[4]?.attempts == 2)

        let healed = try fixture.analyze(["--retry-failed"])
        #expect(healed.stdout.contains("analysed 2 tracks, 0 failed, 0 pending"), "\(healed.stdout)")
        #expect(try fixture.failures().isEmpty)
        #expect(try fixture.features() == uninterrupted)
    }

    @Test("a supervisor killed with tracks in hand leaves no worker; the rerun tries them again last; in hand at two kills in a row, a track is given up")
    func killedSupervisor() throws {
        let fixture = try AnalysisFixture(extraConfig: "  track_timeout_seconds: 600")
        let paths = try (0..<5).map { index in
            try TestAudio.tone(seconds: 20, format: .flac, in: fixture.library, name: "track-\(index)",
                               frequency: 300 + 50 * Double(index), amplitude: 0.3)
        }
        try fixture.addTracks(paths)
        let clean = fixture.folder.file("state/clean.db")
        try fixture.addTracks(paths, to: clean)

        // Tracks 1 and 2 hang in the two workers when the supervisor is killed: a power cut.
        let first = try fixture.start(fault: "hang:track-0.flac,hang:track-1.flac")
        try #require(Self.eventually { Self.inHand(fixture, 1) && Self.inHand(fixture, 2) }, "both hanging tracks in hand")
        let workers = Self.workers(of: first.pid)
        #expect(workers.count == 2)
        first.signal(SIGKILL)
        #expect(first.wait().status == SIGKILL)
        #expect(Self.eventually(10) { Self.workers(of: first.pid).isEmpty }, "workers \(workers) die with their supervisor")

        let status = try fixture.analyze(["--status"])
        #expect(status.stdout.contains("pending: 2 tracks were in a worker when a run stopped: tried again last, one at a time"), "\(status.stdout)")

        // The rerun does the others first, then each suspect alone; track 2 still hangs, and
        // the supervisor is killed again with it in hand.
        let second = try fixture.start(fault: "hang:track-1.flac")
        try #require(Self.eventually {
            Self.inHand(fixture, 2) && (try? fixture.scalar("SELECT COUNT(*) FROM analysis_in_flight WHERE run_id IS NOT NULL") as Int?) == 1
        }, "track 2 in hand, alone")
        #expect(try fixture.scalar("SELECT COUNT(*) FROM sonic_features WHERE track_id IN (3, 4, 5)") as Int? == 3,
                "the others were done before the suspects")
        second.signal(SIGKILL)
        #expect(second.wait().status == SIGKILL)
        #expect(Self.eventually(10) { Self.workers(of: second.pid).isEmpty })

        // Track 1 finished in a worker before the second kill (a power cut, not its fault);
        // track 2 was in hand at both kills and is given up, whatever the cause.
        let dry = try fixture.analyze(["--dry-run"])
        #expect(dry.stdout.contains("would record 1 as failed (in a worker at two stops in a row)"), "\(dry.stdout)")
        #expect(try fixture.analyze(["--status"]).stdout.contains("pending: 1 tracks were in a worker at two stops in a row: to be recorded as failed"))
        let third = try fixture.analyze()
        #expect(third.status == 0, "\(third.stderr)")
        #expect(third.stdout.contains("failed (interrupted 1), 0 pending"), "\(third.stdout)")
        let failures = try fixture.failures()
        #expect(failures.keys.sorted() == [2])
        #expect(failures[2]?.kind == "interrupted")
        #expect(failures[2]?.reason.contains("segue-analyze stopped 2 times in a row while it was being analysed") == true,
                "\(failures[2]?.reason ?? "")")
        let skipped = try fixture.analyze()
        #expect(skipped.stdout.contains("nothing to analyse: 4 tracks up to date, 1 failed earlier (interrupted 1;"), "\(skipped.stdout)")

        let retried = try fixture.analyze(["--retry-failed"])
        #expect(retried.stdout.contains("analysed 1 tracks, 0 failed, 0 pending"), "\(retried.stdout)")
        #expect(try fixture.analyze(database: clean).status == 0)
        #expect(try fixture.features() == fixture.features(in: clean))
        #expect(try fixture.scalar("SELECT COUNT(*) FROM analysis_in_flight") as Int? == 0)
        #expect(try fixture.scalar("PRAGMA integrity_check") as String? == "ok")
    }
}
