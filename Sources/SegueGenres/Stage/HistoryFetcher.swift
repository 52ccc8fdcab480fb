import Foundation

/// Listening history: new Last.fm scrobbles and ListenBrainz listens since the last complete
/// fetch, stored page by page; the sync point moves only once a fetch reached the end, so
/// a killed run fetches the gap again (stored listens are not duplicated).
struct HistoryFetcher {
    let store: HistoryStore
    let run: GenresRun
    let minInterval: TimeInterval

    /// Whether `user`'s history on `source` was fetched recently enough to skip asking.
    func isFresh(source: String, user: String) throws(GenresError) -> Bool {
        guard !run.options.refresh, let point = try run.db({ try store.syncPoint(source: source, user: user) }) else { return false }
        return run.now.timeIntervalSince(point.syncedAt) < minInterval
    }

    func fetchLastFM(client: LastFMClient, user: String, _ tally: inout GenresTally) throws(GenresError) {
        let source = LastFMFetcher.source
        guard try !isFresh(source: source, user: user) else { return }
        let since = try run.db { try store.syncPoint(source: source, user: user) }?.completeUntil ?? Date(timeIntervalSince1970: 0)
        var newest = since
        var page = 1
        while true {
            guard let result = try client.recentTracks(user: user, from: since, page: page).value else {
                run.logger.warning("Last.fm user \(user) not found; check history.lastfm.user")
                return
            }
            tally.listensAdded += try run.db { try store.save(result.listens) }
            newest = max(newest, result.listens.map(\.listenedAt).max() ?? newest)
            if result.listens.isEmpty || page >= result.totalPages { break }
            page += 1
        }
        try run.db { try store.setSyncPoint(.init(completeUntil: newest, syncedAt: run.now), source: source, user: user) }
    }

    func fetchListenBrainz(client: ListenBrainzClient, user: String, _ tally: inout GenresTally) throws(GenresError) {
        let source = "listenbrainz"
        guard try !isFresh(source: source, user: user) else { return }
        let since = try run.db { try store.syncPoint(source: source, user: user) }?.completeUntil ?? Date(timeIntervalSince1970: 0)
        var newest = since
        var before: Date?
        while true {
            guard let listens = try client.listens(user: user, after: since, before: before).value else {
                run.logger.warning("ListenBrainz user \(user) not found; check history.listenbrainz.user")
                return
            }
            tally.listensAdded += try run.db { try store.save(listens) }
            newest = max(newest, listens.map(\.listenedAt).max() ?? newest)
            guard listens.count >= ListenBrainzClient.pageSize, let oldest = listens.map(\.listenedAt).min() else { break }
            before = oldest
        }
        try run.db { try store.setSyncPoint(.init(completeUntil: newest, syncedAt: run.now), source: source, user: user) }
    }

    /// Matches every listen not yet matched (new ones, and old ones whose track has arrived since).
    func matchListens(threshold: Double, _ tally: inout GenresTally) throws(GenresError) {
        let unmatched = try run.db { try store.unmatched() }
        guard !unmatched.isEmpty else { return }
        let matcher = HistoryMatcher(tracks: try run.db { try store.libraryTracks() }, threshold: threshold)
        var matches: [(listen: Int64, track: Int64, method: String)] = []
        // A song is usually played many times: match each distinct play once.
        var known: [String: (track: Int64, method: HistoryMatcher.Method)?] = [:]
        for listen in unmatched {
            let key = "\(listen.artist)\u{1F}\(listen.title)\u{1F}\(listen.recordingMBID ?? "")"
            let found = known[key] ?? matcher.match(artist: listen.artist, title: listen.title, recordingMBID: listen.recordingMBID)
            known[key] = found
            if let found { matches.append((listen.id, found.track, found.method.rawValue)) }
        }
        for start in stride(from: 0, to: matches.count, by: 500) {
            let chunk = Array(matches[start..<min(start + 500, matches.count)])
            try run.db { try store.saveMatches(chunk) }
        }
        tally.listensMatched += matches.count
    }
}
