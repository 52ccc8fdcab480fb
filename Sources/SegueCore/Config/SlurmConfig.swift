/// `analysis.slurm.*`: how `pipeline.sh` submits the analysis to Slurm when
/// `analysis.cluster` is `slurm`.
public struct SlurmConfig: Sendable {
    /// Tasks of the job array, one shard each.
    public var tasks: Int
    /// `sbatch --partition`; the cluster's default partition when unset.
    public var partition: String?
    /// More `sbatch` arguments, one per element (`--time=02:00:00`, `--cpus-per-task=4`).
    public var extraArgs: [String]

    init(_ reader: ConfigReader) throws(ConfigError) {
        tasks = try reader.int("analysis.slurm.tasks", default: 8, range: 1...10_000)
        partition = try reader.optionalString("analysis.slurm.partition").flatMap { $0.isEmpty ? nil : $0 }
        extraArgs = try reader.strings("analysis.slurm.extra_args", default: [])
    }
}
