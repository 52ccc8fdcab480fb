/// What `sonic_embeddings` stores for a track: the mean MusiCNN embedding of its patches.
public struct TrackEmbedding: Sendable, Equatable {
    /// `sonic_embeddings.model`.
    public static let model = "msd_musicnn"
    /// `sonic_embeddings.version`: bump when the front end, the patch placement or the model
    /// change, and the next `segue-analyze` re-analyses every track, resumably.
    public static let version = 1

    /// `MusiCNNModel.dimension` values: the penultimate layer averaged over the patches.
    public var vector: [Float]
    /// How many patches it averages.
    public var patches: Int

    public init(vector: [Float], patches: Int) {
        self.vector = vector
        self.patches = patches
    }
}
