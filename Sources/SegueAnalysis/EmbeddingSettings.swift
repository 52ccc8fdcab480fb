import SegueEmbedding

/// What a worker needs for the learned embedding (`analysis.embedding: musicnn`): where the
/// converted weights are and how many patches of each window to average.
struct EmbeddingSettings: Sendable, Equatable {
    var modelDirectory: String
    var patchesPerWindow: Int

    /// Loads the weights (checked against their manifest's SHA-256) into the embedder a worker
    /// keeps for its whole life: once per worker process, not per track.
    func makeEmbedder() throws(EmbeddingError) -> TrackEmbedder {
        TrackEmbedder(model: try MusiCNNModel(directory: modelDirectory), patchesPerWindow: patchesPerWindow)
    }
}
