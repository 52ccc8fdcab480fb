import Foundation
import SegueDSP
import SegueEmbedding

/// An outcome as a worker sends it back: every value bit for bit, so that features do not
/// depend on which process measured them.
extension TrackOutcome {
    enum WireField: UInt16 {
        case trackID = 1, startedAt, seconds
        case failureKind = 10, failureDetail
        case vector = 20, segmentVector, bpm, bpmConfidence, key, mode, keyStrength, loudnessLUFS, loudnessRange, energy
        /// Present only with the embedding on.
        case embedding = 40, embeddingPatches
    }

    var wire: WireWriter {
        var message = WireWriter()
        message.add(WireField.trackID, track.id)
        message.add(WireField.startedAt, startedAt.timeIntervalSinceReferenceDate)
        switch result {
        case let .analysed(features, embedding, seconds):
            message.add(WireField.seconds, seconds)
            message.add(WireField.vector, features.vector)
            for segment in features.segmentVectors {
                message.add(WireField.segmentVector, segment)
            }
            message.add(WireField.bpm, features.bpm)
            message.add(WireField.bpmConfidence, features.bpmConfidence)
            message.add(WireField.key, features.key)
            message.add(WireField.mode, features.mode)
            message.add(WireField.keyStrength, features.keyStrength)
            message.add(WireField.loudnessLUFS, features.loudnessLUFS)
            message.add(WireField.loudnessRange, features.loudnessRange)
            message.add(WireField.energy, features.energy)
            if let embedding {
                message.add(WireField.embedding, embedding.vector)
                message.add(WireField.embeddingPatches, Int64(embedding.patches))
            }
        case let .failed(failure):
            message.add(WireField.failureKind, failure.kind.rawValue)
            message.add(WireField.failureDetail, failure.detail)
        }
        return message
    }

    /// The outcome for `track`, the job the worker was given.
    init(wire: WireReader, track: PendingTrack) throws(WireError) {
        let id = try wire.int(WireField.trackID)
        guard id == track.id else { throw .malformed("an outcome for track \(id) while track \(track.id) was in hand") }
        self.track = track
        startedAt = Date(timeIntervalSinceReferenceDate: try wire.double(WireField.startedAt))
        if let kind = wire.optionalString(WireField.failureKind) {
            guard let known = AnalysisFailure.Kind(rawValue: kind) else { throw .malformed("unknown failure kind '\(kind)'") }
            result = .failed(AnalysisFailure(known, wire.optionalString(WireField.failureDetail) ?? ""))
            return
        }
        let features = TrackFeatures(
            vector: try wire.floats(WireField.vector), segmentVectors: try wire.allFloats(WireField.segmentVector),
            bpm: try wire.optionalDouble(WireField.bpm), bpmConfidence: try wire.double(WireField.bpmConfidence),
            key: wire.optionalString(WireField.key), mode: wire.optionalString(WireField.mode),
            keyStrength: try wire.double(WireField.keyStrength), loudnessLUFS: try wire.optionalDouble(WireField.loudnessLUFS),
            loudnessRange: try wire.optionalDouble(WireField.loudnessRange), energy: try wire.double(WireField.energy))
        let embedding = try wire.allFloats(WireField.embedding).first.map { vector throws(WireError) in
            TrackEmbedding(vector: vector, patches: Int(try wire.int(WireField.embeddingPatches)))
        }
        result = .analysed(features, embedding: embedding, seconds: try wire.double(WireField.seconds))
    }
}
