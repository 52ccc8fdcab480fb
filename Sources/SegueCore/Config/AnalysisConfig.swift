import Foundation

/// `analysis.*`: how `segue-analyze` reads and measures each track.
public struct AnalysisConfig: Sendable {
    public enum Mode: String, CaseIterable, Sendable {
        /// Beginning, middle and end windows only.
        case segments
        /// The windows, and the whole track as well.
        case full
    }

    /// Where `pipeline.sh` runs the analysis.
    public enum Cluster: String, CaseIterable, Sendable {
        /// On this machine, through `make analyze`.
        case local
        /// As a Slurm job array of shards (`cluster/segue-analyze.sbatch`), then merged.
        case slurm
    }

    /// `analysis.embedding`: the learned embedding stored beside the DSP features.
    public enum Embedding: String, CaseIterable, Sendable {
        /// MusiCNN trained on the Million Song Dataset (SegueEmbedding).
        case musicnn
        /// DSP features only.
        case off = "none"
    }

    public var mode: Mode
    /// Length of each of the three windows.
    public var segmentSeconds: Double
    /// Worker processes; 0 means one per core.
    public var workers: Int
    /// A batch is committed after this many tracks or `batchSeconds`, whichever comes first.
    public var batchSize: Int
    public var batchSeconds: Double
    /// Shorter tracks are recorded as failures ("too short") rather than analysed.
    public var minSeconds: Double
    /// Audio whose peak stays below this level (dBFS) throughout is recorded as silent.
    public var silenceDBFS: Double
    /// A track whose worker gives no result within this long is recorded as timed out.
    public var trackTimeoutSeconds: Double
    public var cluster: Cluster
    /// The shard files' folder when set; otherwise `shards/` beside the database.
    public var explicitShardDir: String?
    public var slurm: SlurmConfig
    public var embedding: Embedding
    /// Patches (3 s each) of every window that the embedding averages.
    public var embeddingPatchesPerWindow: Int
    /// Where `make models` puts the converted MusiCNN weights.
    public var embeddingModelDir: String

    public static let defaultEmbeddingModelDir = "models/musicnn"

    init(_ reader: ConfigReader) throws(ConfigError) {
        mode = try reader.choice("analysis.mode", default: .segments)
        segmentSeconds = try reader.double("analysis.segment_seconds", default: 30, range: 5...600)
        workers = try reader.int("analysis.workers", default: 0, range: 0...256)
        batchSize = try reader.int("analysis.batch_size", default: 32, range: 1...10_000)
        batchSeconds = try reader.double("analysis.batch_seconds", default: 10, range: 0.1...3600)
        minSeconds = try reader.double("analysis.min_seconds", default: 1, range: 0...60)
        silenceDBFS = try reader.double("analysis.silence_dbfs", default: -80, range: -200...0)
        trackTimeoutSeconds = try reader.double("analysis.track_timeout_seconds", default: 120, range: 1...86_400)
        cluster = try reader.choice("analysis.cluster", default: .local)
        explicitShardDir = try reader.optionalPath("analysis.shard_dir")
        slurm = try SlurmConfig(reader)
        embedding = try reader.choice("analysis.embedding", default: .musicnn)
        embeddingPatchesPerWindow = try reader.int("analysis.embedding_patches_per_window", default: 3, range: 1...20)
        embeddingModelDir = try reader.path("analysis.embedding_model_dir", default: Self.defaultEmbeddingModelDir)
    }

    /// Where a cluster run keeps its shard files (`segue-analyze --shard`, `--merge`): on
    /// storage every node shares, like the database.
    public func shardDir(database: String) -> String {
        if let explicitShardDir { return explicitShardDir }
        let folder = (database as NSString).deletingLastPathComponent
        return folder.isEmpty ? "shards" : (folder as NSString).appendingPathComponent("shards")
    }
}
