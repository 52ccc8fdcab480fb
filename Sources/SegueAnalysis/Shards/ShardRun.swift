import Foundation
import SegueCore

/// `segue-analyze --shard K/N --output FILE`: analyses the tracks of one shard into a file of
/// its own, reading the library's database as a snapshot that is never written (see
/// `AppDatabase(snapshotOf:)`), so that the shards of a cluster run can share it over NFS.
///
/// The shard's tracks are the library's own selection (what a run on one machine would
/// analyse) restricted to the shard; they are measured by the same workers and committed by
/// the same batches as on one machine, into the shard file. A run killed at any instant
/// resumes from the file's last commit; `segue-analyze --merge` brings the file into the
/// library.
public struct ShardRun {
    let context: StageContext
    let options: AnalyzeOptions
    let shard: ShardSpec
    let output: String

    /// `context.database` must be the library opened as a snapshot.
    public init(context: StageContext, options: AnalyzeOptions, shard: ShardSpec, output: String) {
        self.context = context
        self.options = options
        self.shard = shard
        self.output = output
    }

    public func run() throws -> StageOutcome {
        let library = try LibrarySnapshot(context.database)
        let cut = try library.cut(shard, embedding: AnalyzeStage.embeddingRequirement(context.config.analysis),
                                  force: options.force, retryFailed: options.retryFailed)
        // One run of a shard at a time; flock(2) works over NFS too, and dies with its holder.
        let lock = try StageLock(path: output + ".lock", holder: "segue-analyze --shard \(shard) on \(ProcessInfo.processInfo.hostName)")
        defer { lock.release() }
        let file = try ShardFile(path: output, library: library, shard: shard)
        let runID = try file.recut(cut, at: Date())
        context.logger.info("shard \(shard) of \(context.database.path): \(cut.tracks.count) of \(cut.libraryTracks) tracks need analysing, into \(output)")

        // Within the shard, the file's own results decide: --force and --retry-failed chose the
        // cut, and must not make a resumed run redo what this cut already did.
        var inner = options
        inner.force = false
        inner.retryFailed = false
        let target = AnalysisTarget(database: file.queue, path: output, runID: runID, reportsProgress: false)
        let outcome = try AnalyzeStage(context: context, options: inner, target: target).run()
        return StageOutcome(status: outcome.status,
                            counts: [("shard", shard.index), ("shards", shard.count), ("shard_tracks", cut.tracks.count)] + outcome.counts,
                            summary: "shard \(shard), \(cut.tracks.count) of \(cut.libraryTracks) tracks: \(outcome.summary)")
    }
}
