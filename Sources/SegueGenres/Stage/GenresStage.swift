import Foundation
import Logging
import SegueCore

/// `segue-genres`: file tags mapped into the genre vocabulary, then MusicBrainz, Last.fm and
/// listening history fetched for what is new or expired. A service that keeps failing is
/// given up for the run while the others go on; the run then ends `temporary` (exit 75)
/// with what is pending, and a rerun picks it up.
public struct GenresStage {
    let config: SegueConfig
    let database: AppDatabase
    let logger: Logger
    let progress: @Sendable (String, Int) -> ProgressReporter
    let now: Date
    let cancellation: StageCancellation

    /// ListenBrainz asks clients to stay well under its limits; it has no configured rate.
    static let listenBrainzRequestsPerSecond = 2.0

    public init(config: SegueConfig, database: AppDatabase, logger: Logger,
                progress: @escaping @Sendable (String, Int) -> ProgressReporter, now: Date = Date(),
                cancellation: StageCancellation = StageCancellation()) {
        self.config = config
        self.database = database
        self.logger = logger
        self.progress = progress
        self.now = now
        self.cancellation = cancellation
    }

    /// What the next run would fetch, for `--status`; nothing is fetched.
    public func pendingWork() throws(GenresError) -> [String] {
        let (run, services) = prepare(GenresOptions(dryRun: true))
        let estimate = try RequestEstimate.make(run: run, services: services, history: config.history)
        guard estimate.artists + estimate.albums > 0 else { return [] }
        return ["\(estimate.artists) artists and \(estimate.albums) albums due, about \(estimate.total) requests"]
    }

    public func run(_ options: GenresOptions) throws(GenresError) -> StageOutcome {
        let (run, services) = prepare(options)
        if options.dryRun {
            return try RequestEstimate.make(run: run, services: services, history: config.history).outcome
        }
        let weighting = run.weighting
        var tally = GenresTally()
        try run.db { try run.store.syncParents(weighting.vocabulary.parents) }
        if options.only != .history {
            tally.fileGenreChanges = try run.db {
                let summary = try FileGenreStore(database: database).sync(weighting: weighting)
                return summary.tracksChanged + summary.artistsChanged + summary.albumsChanged
            }
        }
        var givenUp: [String] = []
        if let musicbrainz = services.musicbrainz, options.includes(.artists) || options.includes(.albums) {
            var fetcher = MusicBrainzFetcher(client: musicbrainz, run: run)
            try attempt(&givenUp, &tally, pendingOf: MusicBrainzFetcher.source, run: run) { (tally: inout GenresTally) throws(GenresError) in
                if options.includes(.artists) { try fetcher.fetchArtists(&tally) }
                if options.includes(.albums) { try fetcher.fetchAlbums(&tally) }
            }
        }
        if let lastfm = services.lastfm {
            let fetcher = LastFMFetcher(client: lastfm, run: run)
            if options.includes(.artists) || options.includes(.albums) {
                try attempt(&givenUp, &tally, pendingOf: LastFMFetcher.source, run: run) { (tally: inout GenresTally) throws(GenresError) in
                    if options.includes(.artists) { try fetcher.fetchArtists(&tally) }
                    if options.includes(.albums) { try fetcher.fetchAlbums(&tally) }
                }
            }
        } else {
            tally.notices.append("Last.fm skipped: no genres.lastfm.api_key")
        }
        if options.includes(.history) {
            try fetchHistory(services: services, run: run, givenUp: &givenUp, tally: &tally)
        }
        for notice in tally.notices { logger.notice("\(notice)") }
        return outcome(tally, givenUp: givenUp, requests: services.requestCount)
    }

    private func prepare(_ options: GenresOptions) -> (GenresRun, Services) {
        let genres = config.genres
        let weighting = GenreWeighting(vocabulary: GenreVocabulary(extraTags: genres.extraTags), minWeight: genres.minWeight)
        let run = GenresRun(options: options, store: GenreStore(database: database, cacheDays: genres.cacheDays),
                            weighting: weighting, logger: logger, now: now, progress: progress, cancellation: cancellation)
        return (run, Services(config: config, logger: logger))
    }

    private func fetchHistory(services: Services, run: GenresRun, givenUp: inout [String], tally: inout GenresTally) throws(GenresError) {
        let history = HistoryFetcher(store: HistoryStore(database: database), run: run,
                                     minInterval: Double(config.history.minIntervalMinutes) * 60)
        if let user = config.history.lastfmUser {
            if let lastfm = services.lastfm, !services.isGivenUp(LastFMFetcher.source) {
                try attempt(&givenUp, &tally, pendingOf: nil, run: run) { (tally: inout GenresTally) throws(GenresError) in
                    try history.fetchLastFM(client: lastfm, user: user, &tally)
                }
            } else if services.lastfm == nil {
                tally.notices.append("Last.fm history of \(user) skipped: no genres.lastfm.api_key")
            }
        }
        if let user = config.history.listenbrainzUser, let listenbrainz = services.listenbrainz {
            try attempt(&givenUp, &tally, pendingOf: nil, run: run) { (tally: inout GenresTally) throws(GenresError) in
                try history.fetchListenBrainz(client: listenbrainz, user: user, &tally)
            }
        }
        try history.matchListens(threshold: config.history.matchThreshold, &tally)
    }

    /// Runs one service's work; a service given up is noted with the entities it leaves
    /// pending (those still due: every finished one was committed with its cache row), and
    /// the run goes on with the next service.
    private func attempt(_ givenUp: inout [String], _ tally: inout GenresTally, pendingOf source: String?, run: GenresRun,
                         _ body: (inout GenresTally) throws(GenresError) -> Void) throws(GenresError) {
        do {
            try body(&tally)
        } catch .serviceGivenUp(let service, let reason) {
            givenUp.append("\(service) given up (\(reason))")
            guard let source else { return }
            let store = run.store
            var pending = 0
            if run.options.includes(.artists) {
                pending += try run.db { try store.dueArtists(source: source, kind: .artist, now: run.now, refresh: false).count }
            }
            if run.options.includes(.albums) {
                pending += try run.db { try store.dueAlbums(source: source, now: run.now, refresh: false).count }
            }
            tally.pending[source] = pending
        }
    }

    private func outcome(_ tally: GenresTally, givenUp: [String], requests: Int) -> StageOutcome {
        var summary = "\(tally.artistsFetched) artists and \(tally.albumsFetched) albums fetched"
        summary += " (\(tally.notFound) not found, \(tally.failed) failed), \(requests) requests"
        if tally.listensAdded > 0 || tally.listensMatched > 0 {
            summary += "; \(tally.listensAdded) new listens, \(tally.listensMatched) matched"
        }
        if !givenUp.isEmpty {
            let pending = tally.pending.values.reduce(0, +)
            summary += "; " + givenUp.joined(separator: "; ") + "; \(pending) pending, rerun later"
        }
        return StageOutcome(status: givenUp.isEmpty ? .ok : .temporary,
                            counts: tally.counts + [("requests", requests)], summary: summary)
    }
}
