import Foundation
import SegueCore
import SegueHTTP

/// `--dry-run`: how many requests a run would make to each service and how long they take
/// at the configured rates, from what is due in the cache; nothing is fetched or written.
struct RequestEstimate {
    var musicbrainz = 0
    var lastfm = 0
    var listenbrainz = 0
    var seconds = 0.0
    var artists = 0
    var albums = 0

    static func make(run: GenresRun, services: Services, history: HistoryConfig) throws(GenresError) -> RequestEstimate {
        var estimate = RequestEstimate()
        let options = run.options
        let store = run.store
        if let musicbrainz = services.musicbrainz {
            if options.includes(.artists) {
                let due = options.limited(try run.db { try store.dueArtists(source: MusicBrainzFetcher.source, kind: .artist, now: run.now, refresh: options.refresh) })
                let known = due.count { $0.mbid != nil }
                estimate.artists = due.count
                estimate.musicbrainz += (known + MusicBrainzClient.batchSize - 1) / MusicBrainzClient.batchSize + (due.count - known)
            }
            if options.includes(.albums) {
                let due = options.limited(try run.db { try store.dueAlbums(source: MusicBrainzFetcher.source, now: run.now, refresh: options.refresh) })
                let known = due.count { $0.releaseGroupID != nil }
                let browsed = Set(due.filter { $0.releaseGroupID == nil }.compactMap(\.artistMBID)).count
                estimate.albums = due.count
                estimate.musicbrainz += (known + MusicBrainzClient.batchSize - 1) / MusicBrainzClient.batchSize + browsed
            }
            estimate.seconds += Double(estimate.musicbrainz) * RateLimiter.margin / musicbrainz.host.requestsPerSecond
        }
        if let lastfm = services.lastfm {
            if options.includes(.artists) {
                estimate.lastfm += options.limited(try run.db { try store.dueArtists(source: LastFMFetcher.source, kind: .artist, now: run.now, refresh: options.refresh) }).count
                estimate.lastfm += options.limited(try run.db { try store.dueArtists(source: LastFMFetcher.source, kind: .similar, now: run.now, refresh: options.refresh) }).count
            }
            if options.includes(.albums) {
                estimate.lastfm += options.limited(try run.db { try store.dueAlbums(source: LastFMFetcher.source, now: run.now, refresh: options.refresh) }).count
            }
            if options.includes(.history), history.lastfmUser != nil { estimate.lastfm += 1 }
            estimate.seconds += Double(estimate.lastfm) * RateLimiter.margin / lastfm.host.requestsPerSecond
        }
        if let listenbrainz = services.listenbrainz, options.includes(.history) {
            estimate.listenbrainz = 1
            estimate.seconds += RateLimiter.margin / listenbrainz.host.requestsPerSecond
        }
        return estimate
    }

    var total: Int { musicbrainz + lastfm + listenbrainz }

    var outcome: StageOutcome {
        let summary = "dry run: \(artists) artists and \(albums) albums due; would make \(total) requests "
            + "(MusicBrainz \(musicbrainz), Last.fm \(lastfm), ListenBrainz at least \(listenbrainz)), "
            + "about \(ProgressReporter.formatDuration(seconds)) at the configured rates"
        return StageOutcome(counts: [("artists_due", artists), ("albums_due", albums), ("requests", total),
                                     ("requests_musicbrainz", musicbrainz), ("requests_lastfm", lastfm),
                                     ("requests_listenbrainz", listenbrainz), ("seconds", Int(seconds.rounded(.up)))],
                            summary: summary)
    }
}
