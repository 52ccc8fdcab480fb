/// The settings a worker measures with, sent once when it starts, so that every worker of a
/// run measures exactly as the supervisor was configured (a config file edited during the night
/// cannot reach a replacement worker).
extension TrackAnalysis {
    enum WireField: UInt16 {
        case windowSeconds = 1, wholeTrack, minSeconds, silencePeak
        /// Present only with the embedding on.
        case embeddingModelDirectory = 10, embeddingPatchesPerWindow
    }

    var wire: WireWriter {
        var message = WireWriter()
        message.add(WireField.windowSeconds, windowSeconds)
        message.add(WireField.wholeTrack, wholeTrack)
        message.add(WireField.minSeconds, minSeconds)
        // Float to Double and back is exact.
        message.add(WireField.silencePeak, Double(silencePeak))
        if let embedding {
            message.add(WireField.embeddingModelDirectory, embedding.modelDirectory)
            message.add(WireField.embeddingPatchesPerWindow, Int64(embedding.patchesPerWindow))
        }
        return message
    }

    init(wire: WireReader) throws(WireError) {
        windowSeconds = try wire.double(WireField.windowSeconds)
        wholeTrack = try wire.bool(WireField.wholeTrack)
        minSeconds = try wire.double(WireField.minSeconds)
        silencePeak = Float(try wire.double(WireField.silencePeak))
        embedding = try wire.optionalString(WireField.embeddingModelDirectory).map { directory throws(WireError) in
            EmbeddingSettings(modelDirectory: directory, patchesPerWindow: Int(try wire.int(WireField.embeddingPatchesPerWindow)))
        }
    }
}
