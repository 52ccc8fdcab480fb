import Foundation
@testable import SegueAnalysis
import SegueCore
import SegueDSP
import SegueEmbedding
import Testing

@Suite("The worker protocol's encoding")
struct WireFormatTests {
    static let track = PendingTrack(id: 42, path: "/srv/music/Ärzte/01 Schrei nach Liebe.flac", durationMilliseconds: nil, cause: .changed)

    /// The frame's payload, as the other side reads it.
    static func read(_ message: WireWriter) throws -> WireReader {
        try WireReader(payload: Array(message.frame().dropFirst(4)))
    }

    static let features = TrackFeatures(
        vector: [1, -0.0, .pi, .leastNonzeroMagnitude, .greatestFiniteMagnitude], segmentVectors: [[1, 2], [3], []],
        bpm: nil, bpmConfidence: 0.25, key: "F#", mode: nil, keyStrength: -0.5, loudnessLUFS: -14.123456789,
        loudnessRange: nil, energy: 1 / 3)

    @Test("an analysed outcome arrives bit for bit, nil values as nil")
    func analysedOutcome() throws {
        let features = Self.features
        let outcome = TrackOutcome(track: Self.track, startedAt: Date(timeIntervalSinceReferenceDate: 812_345_678.123_456_7),
                                   result: .analysed(features, embedding: nil, seconds: 90.000_001))
        let decoded = try TrackOutcome(wire: Self.read(outcome.wire), track: Self.track)
        guard case let .analysed(received, embedding, seconds) = decoded.result else {
            Issue.record("expected features, got \(decoded.result)")
            return
        }
        #expect(embedding == nil, "analysis.embedding: none sends none")
        #expect(received == features)
        #expect(received.vector.map(\.bitPattern) == features.vector.map(\.bitPattern), "negative zero kept")
        #expect(seconds == 90.000_001)
        #expect(decoded.startedAt == outcome.startedAt)
        #expect(decoded.track == Self.track)
    }

    @Test("the embedding arrives with the features, bit for bit, with its patch count")
    func embeddedOutcome() throws {
        let vector = (0..<MusiCNNModel.dimension).map { Float(bitPattern: 0x3F80_0001 &+ UInt32($0) &* 7_919) } + [-0.0]
        let embedding = TrackEmbedding(vector: vector, patches: 9)
        let outcome = TrackOutcome(track: Self.track, startedAt: Date(timeIntervalSinceReferenceDate: 1),
                                   result: .analysed(Self.features, embedding: embedding, seconds: 15))
        let decoded = try TrackOutcome(wire: Self.read(outcome.wire), track: Self.track)
        guard case let .analysed(features, received, _) = decoded.result, let received else {
            Issue.record("expected features and an embedding, got \(decoded.result)")
            return
        }
        #expect(features == Self.features)
        #expect(received.patches == 9)
        #expect(received.vector.map(\.bitPattern) == vector.map(\.bitPattern))
    }

    @Test("a failure arrives with its kind and detail")
    func failedOutcome() throws {
        let outcome = TrackOutcome(track: Self.track, startedAt: Date(timeIntervalSinceReferenceDate: 0),
                                   result: .failed(AnalysisFailure(.truncated, "audio ends near 1:00 of a declared 4:00")))
        let decoded = try TrackOutcome(wire: Self.read(outcome.wire), track: Self.track)
        guard case let .failed(failure) = decoded.result else {
            Issue.record("expected a failure")
            return
        }
        #expect(failure == AnalysisFailure(.truncated, "audio ends near 1:00 of a declared 4:00"))
    }

    @Test("jobs and settings round-trip")
    func jobsAndSettings() throws {
        #expect(try PendingTrack(wire: Self.read(Self.track.wire)) == Self.track)
        let timed = PendingTrack(id: -1, path: "", durationMilliseconds: 240_000, cause: .new)
        #expect(try PendingTrack(wire: Self.read(timed.wire)) == timed)
        let config = try SegueConfig.parse(yaml: "analysis: {mode: full, segment_seconds: 29.5, silence_dbfs: -77.7}",
                                           filePath: "config.yaml", environment: [:])
        let settings = TrackAnalysis(config: config.analysis)
        let decoded = try TrackAnalysis(wire: Self.read(settings.wire))
        #expect(decoded.windowSeconds == 29.5 && decoded.wholeTrack && decoded.minSeconds == settings.minSeconds)
        #expect(decoded.silencePeak.bitPattern == settings.silencePeak.bitPattern)
        #expect(decoded.embedding == settings.embedding && settings.embedding != nil, "musicnn is the default")

        let none = try SegueConfig.parse(yaml: "analysis: {embedding: none}", filePath: "config.yaml", environment: [:])
        #expect(try TrackAnalysis(wire: Self.read(TrackAnalysis(config: none.analysis).wire)).embedding == nil)
        let musicnn = try SegueConfig.parse(yaml: "analysis: {embedding_patches_per_window: 7, embedding_model_dir: /opt/w}",
                                            filePath: "config.yaml", environment: [:])
        #expect(try TrackAnalysis(wire: Self.read(TrackAnalysis(config: musicnn.analysis).wire)).embedding
                == EmbeddingSettings(modelDirectory: "/opt/w", patchesPerWindow: 7))
    }

    enum FutureField: UInt16 {
        case embedding = 900
    }

    @Test("a field the reader does not know is skipped, so fields can be added")
    func unknownField() throws {
        var message = Self.track.wire
        message.add(FutureField.embedding, [Float](repeating: 0.5, count: 200))
        #expect(try PendingTrack(wire: Self.read(message)) == Self.track)
        #expect(try Self.read(message).floats(FutureField.embedding).count == 200)
    }

    @Test("a cut or inconsistent message is an error, not a guess")
    func malformed() throws {
        let payload = Array(Self.track.wire.frame().dropFirst(4))
        #expect(throws: WireError.self) { try WireReader(payload: Array(payload.dropLast(3))) }
        var missing = WireWriter()
        missing.add(PendingTrack.WireField.path, "/a.flac")
        #expect(throws: WireError.self) { try PendingTrack(wire: Self.read(missing)) }
        let other = PendingTrack(id: 7, path: "/b.flac", durationMilliseconds: nil, cause: .new)
        let outcome = TrackOutcome(track: other, startedAt: Date(), result: .failed(AnalysisFailure(.silent, "")))
        #expect(throws: WireError.self) { try TrackOutcome(wire: Self.read(outcome.wire), track: Self.track) }
    }

    @Test("frames are split however the bytes arrive")
    func framing() throws {
        var ends: [Int32] = [-1, -1]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &ends) == 0)
        let reader = WireSocket(descriptor: ends[1])
        defer { reader.close() }
        let big = PendingTrack(id: 1, path: String(repeating: "x", count: 200_000), durationMilliseconds: 1, cause: .new)
        let bytes = Self.track.wire.frame() + big.wire.frame()
        let descriptor = ends[0]
        // Written in odd pieces, so that frames and their length fields arrive cut.
        let thread = Thread {
            for start in stride(from: 0, to: bytes.count, by: 997) {
                let piece = Array(bytes[start..<min(start + 997, bytes.count)])
                _ = piece.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            }
            close(descriptor)
        }
        thread.start()
        #expect(try reader.receive().map(PendingTrack.init(wire:)) == Self.track)
        #expect(try reader.receive().map(PendingTrack.init(wire:)) == big)
        #expect(try reader.receive() == nil, "the end of the stream")
    }
}
