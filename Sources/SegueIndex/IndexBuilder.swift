import Foundation
import Logging
import SegueCore

/// Builds the similarity index from the features and genres in the database, or does nothing
/// when the digest of its inputs matches the one of the index in place.
public struct IndexBuilder: Sendable {
    public let database: AppDatabase
    public let settings: IndexSettings
    /// Each step and its duration go to `debug` (`--verbose`).
    public let logger: Logger?
    /// Checked before the build and before the write: the index is written in one
    /// transaction, so a stop in between keeps the old index whole.
    public let cancellation: StageCancellation

    public init(database: AppDatabase, settings: IndexSettings, logger: Logger? = nil,
                cancellation: StageCancellation = StageCancellation()) {
        self.database = database
        self.settings = settings
        self.logger = logger
        self.cancellation = cancellation
    }

    /// - Parameters:
    ///   - force: rebuild even when the inputs are unchanged or tracks were only added.
    ///   - exact: search all pairs whatever the library's size.
    ///   - dryRun: only tell whether a rebuild or an update is due.
    ///   - progress: makes the reporter of a long step from its label and total.
    public func run(force: Bool = false, exact: Bool = false, dryRun: Bool = false,
                    progress: (String, Int) -> ProgressReporter? = { _, _ in nil }) throws(IndexError) -> IndexReport {
        let store = IndexStore(database: database)
        let clock = Clock()
        // One read transaction for the plan, whose scan reads the vectors: the index is built from one state of the inputs.
        let (plan, rebuilt) = try store.read { db -> (IndexPlan, IndexSpaces?) in
            let plan = try IndexPlan(db, store: store, settings: settings, force: force, exact: exact)
            log(clock, "inputs: \(plan.inputs.tracks.count) tracks, \(plan.scan.usable.filter { $0 }.count) with features "
                + "(version \(plan.reader.map { String($0.version) } ?? "none")), \(plan.indexed.count) to index "
                + "(\(plan.method.name)), digest \(plan.digest): \(plan.action)")
            guard plan.action == .rebuild, !dryRun else { return (plan, nil) }
            return (plan, IndexRebuild(plan: plan, settings: settings).spaces())
        }
        var report = IndexReport(digest: plan.digest, staleFeatures: plan.scan.stale)
        report.search = plan.method.name
        switch plan.action {
        case .upToDate:
            report.state = .upToDate
        case .update:
            report.state = dryRun ? .wouldUpdate : .updated
            report.added = plan.added.count
            guard !dryRun else { return report }
            try checkStop(tracks: plan.inputs.tracks.count)
            let update = try IndexUpdate(plan: plan, settings: settings, store: store)
                .run(log: { log(clock, $0) }, beforeWrite: { () throws(IndexError) in try checkStop(tracks: plan.inputs.tracks.count) })
            report.refreshed = update.refreshed
            report.indexed = update.indexed
            report.genres = plan.genres.names.count
        case .rebuild:
            report.state = dryRun ? .wouldRebuild : .rebuilt
            guard let spaces = rebuilt else { return report }
            try checkStop(tracks: plan.inputs.tracks.count)
            log(clock, "vectors: \(spaces.space.count) tracks, \(spaces.sonicSpace.dimension) dimensions → "
                + "\(spaces.sonicSpace.outputDimension), \(spaces.embedding.axisCount) genre axes")
            let reporter = progress("neighbours", spaces.space.count)
            let found = try IndexRebuild(plan: plan, settings: settings).search(spaces, progress: { reporter?.advance(by: $0) }) {
                log(clock, $0)
            }
            reporter?.finish()
            log(clock, "neighbours: \(found.graph.k) per track, \(plan.method.name) over \(spaces.space.count) tracks")
            let built = BuiltIndex(spaces: spaces, graph: found.graph, partition: found.partition, reader: plan.reader,
                                   genreSimilarity: plan.genres.similarityTable())
            let meta = IndexMeta.values(digest: plan.digest, indexedDigest: plan.indexedDigest, method: plan.method,
                                        featureVersion: plan.inputs.featureVersion, settings: settings,
                                        tracks: spaces.space.count, rebuiltTracks: spaces.space.count)
            try checkStop(tracks: plan.inputs.tracks.count)
            try store.write(built, meta: meta, log: { log(clock, $0) })
            log(clock, "written: \(spaces.space.count) tracks, \(found.graph.rows.filter { $0 >= 0 }.count) neighbour rows, "
                + "\(built.genreSimilarity.count) genre pairs")
            report.indexed = spaces.space.count
            report.withoutFeatures = spaces.space.hasSonic.filter { !$0 }.count
            report.withoutGenres = spaces.space.hasGenre.filter { !$0 }.count
            report.skipped = plan.inputs.tracks.count - spaces.space.count
            report.genres = plan.genres.names.count
            report.candidatesPerTrack = Int(found.candidates)
        }
        return report
    }

    private func checkStop(tracks: Int) throws(IndexError) {
        do {
            try cancellation.check(committed: 0, of: tracks, "tracks")
        } catch {
            throw .interrupted(error)
        }
    }

    /// Logs a step with the time since the previous one.
    private func log(_ clock: Clock, _ message: @autoclosure () -> String) {
        let lap = clock.lap()
        logger?.debug("\(message()) (\(String(format: "%.2f s, %.2f s CPU", lap.wall, lap.cpu)))")
    }

    /// Wall and CPU time between successive steps: on a busy machine the CPU time shows the work.
    private final class Clock {
        private var last = (wall: Date(), cpu: Clock.cpu())

        func lap() -> (wall: Double, cpu: Double) {
            let now = (wall: Date(), cpu: Clock.cpu())
            defer { last = now }
            return (now.wall.timeIntervalSince(last.wall), now.cpu - last.cpu)
        }

        private static func cpu() -> Double {
            var time = timespec()
            clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
            return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
        }
    }
}

/// What a run of the builder did.
public struct IndexReport: Sendable {
    public enum State: String, Sendable {
        case upToDate, wouldRebuild, rebuilt, wouldUpdate, updated
    }

    public var state: State = .upToDate
    public var digest: String
    public var indexed = 0
    public var withoutFeatures = 0
    public var withoutGenres = 0
    /// Present tracks with neither features nor genres, left out.
    public var skipped = 0
    /// Feature rows of another version or length, left out.
    public var staleFeatures: Int
    public var genres = 0
    /// `exact` or `approximate`.
    public var search = "exact"
    /// Candidates scored per track by the approximate search (0 for exact search).
    public var candidatesPerTrack = 0
    /// Tracks an update added, and the stored neighbour lists it changed.
    public var added = 0
    public var refreshed = 0

    public var summary: String {
        switch state {
        case .upToDate:
            "index is up to date"
        case .wouldRebuild:
            "inputs changed; the index would be rebuilt (dry run)"
        case .rebuilt:
            "\(indexed) tracks indexed (\(withoutFeatures) without features, \(withoutGenres) without genres, "
                + "\(skipped) with neither left out), \(genres) genres, \(search) neighbours"
        case .wouldUpdate:
            "\(added) tracks were added; the index would be updated (dry run)"
        case .updated:
            "\(added) tracks added to the index of \(indexed) (\(refreshed) neighbour lists refreshed)"
        }
    }

    public var counts: [(String, Int)] {
        [("indexed", indexed), ("without_features", withoutFeatures), ("without_genres", withoutGenres),
         ("skipped", skipped), ("stale_features", staleFeatures), ("genres", genres), ("added", added),
         ("refreshed", refreshed)]
    }
}
