import Foundation
import GRDB
import SegueTestSupport
import Testing

/// `segue-analyze` with the MusiCNN embedding (`analysis.embedding: musicnn`) through its
/// executable. Kept small: two short files, 5 s windows, one patch per window unless a test
/// needs more.
@Suite("segue-analyze with the embedding")
struct EmbeddingStageTests {
    static func library(_ fixture: AnalysisFixture) throws -> [String] {
        [
            try TestAudio.tone(seconds: 20, format: .flac, in: fixture.library, name: "low", frequency: 220, amplitude: 0.4),
            try TestAudio.tone(seconds: 20, format: .mp3, in: fixture.library, name: "high", frequency: 1760, amplitude: 0.4),
        ]
    }

    @Test("stores a 200-value embedding per track beside DSP features identical to a run without it")
    func embeddingBesideUnchangedFeatures() throws {
        let fixture = try AnalysisFixture(patches: 2)
        let paths = try Self.library(fixture)
        try fixture.addTracks(paths)
        let plain = fixture.folder.file("state/plain.db")
        try fixture.addTracks(paths, to: plain)

        let run = try fixture.analyze()
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("analysed 2 tracks, 0 failed, 0 pending"), "\(run.stdout)")
        let embeddings = try fixture.embeddings()
        #expect(embeddings.count == 2)
        for (id, embedding) in embeddings {
            #expect(embedding.model == "msd_musicnn" && embedding.version == 1, "track \(id)")
            #expect(embedding.vector.count == 200 && embedding.vector.allSatisfy { $0.isFinite }, "track \(id)")
            #expect(embedding.patches == 3 * 2, "track \(id): three windows of two patches")
        }
        #expect(try #require(embeddings[1]).vector != (try #require(embeddings[2])).vector)

        // The same library analysed without the embedding: the DSP columns agree to the bit.
        let without = try fixture.analyze(["--config", Self.withoutEmbedding(fixture)], database: plain)
        #expect(without.status == 0, "\(without.stderr)")
        #expect(try fixture.features(in: plain) == (try fixture.features()))
        #expect(try fixture.embeddings(in: plain).isEmpty)

        let again = try fixture.analyze()
        #expect(again.stdout.contains("nothing to analyse: 2 tracks up to date"), "\(again.stdout)")
    }

    @Test("switching the embedding on re-analyses each track once, resumably; switching it off re-analyses nothing")
    func versionBumpReanalysesResumably() throws {
        let fixture = try AnalysisFixture(batchSize: 1, workers: 1, patches: 1)
        let paths = try Self.library(fixture)
        try fixture.addTracks(paths)
        let off = try Self.withoutEmbedding(fixture)
        #expect(try fixture.analyze(["--config", off]).status == 0)
        let dspOnly = try fixture.features()
        #expect(try fixture.embeddings().isEmpty)

        let status = try fixture.analyze(["--status"])
        #expect(status.stdout.contains("2 tracks to analyse (2 outdated)"), "\(status.stdout)")
        let first = try fixture.analyze(["--limit", "1"])
        #expect(first.stdout.contains("analysed 1 tracks, 0 failed, 1 pending"), "\(first.stdout)")
        #expect(try fixture.embeddings().keys.sorted() == [1])
        let rest = try fixture.analyze()
        #expect(rest.stdout.contains("analysed 1 tracks, 0 failed, 0 pending"), "\(rest.stdout)")
        #expect(try fixture.embeddings().count == 2)
        #expect(try fixture.features().mapValues { Array($0.prefix(3)) } == dspOnly.mapValues { Array($0.prefix(3)) })

        // An embedding of an older version counts as missing.
        try fixture.execute("UPDATE sonic_embeddings SET version = 0 WHERE track_id = 2")
        let bumped = try fixture.analyze()
        #expect(bumped.stdout.contains("analysed 1 tracks"), "\(bumped.stdout)")
        #expect(try fixture.embeddings()[2]?.version == 1)

        let nothing = try fixture.analyze(["--config", off])
        #expect(nothing.stdout.contains("nothing to analyse: 2 tracks up to date"), "\(nothing.stdout)")
    }

    enum BrokenWeights: String, CaseIterable {
        case missing, damaged
    }

    /// The workers load the weights; one that cannot stops the run before any track, with one
    /// line naming the file, instead of recording every track as failed.
    @Test("missing or damaged weights stop the run with one line naming the file; no track is recorded as failed",
          arguments: BrokenWeights.allCases)
    func brokenWeights(_ broken: BrokenWeights) throws {
        let fixture = try AnalysisFixture(patches: 1)
        try fixture.addTracks(try Self.library(fixture))
        let folder = fixture.folder.file("weights")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let weights = folder + "/msd_musicnn.f32"
        if broken == .damaged {
            for name in ["msd_musicnn.json", "msd_musicnn.f32"] {
                try FileManager.default.copyItem(atPath: ModelFiles.musicnn + "/" + name, toPath: folder + "/" + name)
            }
            // Same size, every tensor in place: only the digest tells.
            var data = try Data(contentsOf: URL(fileURLWithPath: weights))
            data[1_000] ^= 0x40
            try data.write(to: URL(fileURLWithPath: weights))
        }
        let config = try String(contentsOfFile: fixture.configPath, encoding: .utf8)
            .replacingOccurrences(of: "embedding_model_dir: \(ModelFiles.musicnn)", with: "embedding_model_dir: \(folder)")
        try config.write(toFile: fixture.configPath, atomically: true, encoding: .utf8)

        let run = try fixture.analyze()
        let errors = run.stderr.split(separator: "\n").filter { $0.contains("MusiCNN weights") }
        #expect(errors.count == 1, "one line, not one per worker or track: \(run.stderr)")
        switch broken {
        case .missing:
            #expect(run.status == 2)
            #expect(run.stderr.contains("MusiCNN weights not found in \(folder)") && run.stderr.contains("make models"), "\(run.stderr)")
        case .damaged:
            #expect(run.status == 1)
            #expect(run.stderr.contains("MusiCNN weights \(weights): SHA-256") && run.stderr.contains("make models"), "\(run.stderr)")
        }
        #expect(try fixture.features().isEmpty)
        #expect(try fixture.failures().isEmpty, "no track is to blame")
        #expect(try fixture.scalar("SELECT COUNT(*) FROM analysis_in_flight") as Int? == 0)
    }

    /// The fixture's configuration with `analysis.embedding: none`, as a second file.
    static func withoutEmbedding(_ fixture: AnalysisFixture) throws -> String {
        let path = fixture.folder.file("no-embedding.yaml")
        let lines = try String(contentsOfFile: fixture.configPath, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let kept = lines.filter { !$0.contains("embedding") } + ["  embedding: none"]
        try kept.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
