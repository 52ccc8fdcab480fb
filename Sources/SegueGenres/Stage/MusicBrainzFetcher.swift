import Foundation
import SegueCore
import SegueHTTP

/// MusicBrainz's part of a run: artists by MBID 100 per request, artists without one by a
/// careful name search, albums by release-group MBID 100 per request or by browsing their
/// artist's release groups. Each request's results are committed before the next request.
struct MusicBrainzFetcher {
    static let source = "musicbrainz"

    let client: MusicBrainzClient
    let run: GenresRun
    /// Release groups browsed while resolving artists, reused by the album pass.
    private var browsed: [String: [MusicBrainzClient.ReleaseGroup]] = [:]

    init(client: MusicBrainzClient, run: GenresRun) {
        self.client = client
        self.run = run
    }

    mutating func fetchArtists(_ tally: inout GenresTally) throws(GenresError) {
        let due = run.options.limited(try run.db { try run.store.dueArtists(source: Self.source, kind: .artist, now: run.now, refresh: run.options.refresh) })
        guard !due.isEmpty else { return }
        let known = due.filter { $0.mbid != nil }
        let unknown = due.filter { $0.mbid == nil }
        let progress = run.progress("MusicBrainz artists", due.count)
        defer { progress.finish() }

        for start in stride(from: 0, to: known.count, by: MusicBrainzClient.batchSize) {
            try run.checkStop(committed: start, of: due.count, "MusicBrainz artists")
            let batch = Array(known[start..<min(start + MusicBrainzClient.batchSize, known.count)])
            let found = try client.artists(ids: batch.compactMap(\.mbid))
            var results: [EntityResult] = []
            for artist in batch {
                if let hit = found[artist.mbid!] {
                    results.append(EntityResult(id: artist.id, genres: run.weighting.weigh(hit.tags)))
                } else {
                    results.append(try lookUp(artist, tally: &tally))
                }
            }
            try run.db { try run.store.saveArtists(results, source: Self.source, fetchedAt: Date()) }
            count(results, into: &tally)
            progress.advance(by: batch.count)
        }

        let resolver = ArtistResolver(client: client)
        for (done, artist) in unknown.enumerated() {
            try run.checkStop(committed: known.count + done, of: due.count, "MusicBrainz artists")
            do {
                let titles = try run.db { try run.store.albumTitles(artistID: artist.id) }
                let resolution = try resolver.resolve(name: artist.name, albumTitles: titles)
                if let resolution {
                    browsed[resolution.artist.id] = resolution.releaseGroups
                    tally.mbidsResolved += 1
                    run.logger.debug("\(artist.name): MusicBrainz artist \(resolution.artist.id)")
                }
                let result = EntityResult(id: artist.id, genres: resolution.map { run.weighting.weigh($0.artist.tags) },
                                          resolvedMBID: resolution?.artist.id)
                try run.db { try run.store.saveArtists([result], source: Self.source, fetchedAt: Date()) }
                count([result], into: &tally)
            } catch .requestRejected(let url, let reason) {
                tally.failed += 1
                run.logger.warning("\(artist.name): \(HTTPClient.redact(url)): \(reason)")
            }
            progress.advance()
        }
    }

    /// An MBID the search did not return: merged into another artist, or not yet indexed.
    /// A lookup follows the merge; an MBID the lookup rejects (malformed) counts as not found.
    private func lookUp(_ artist: ArtistEntity, tally: inout GenresTally) throws(GenresError) -> EntityResult {
        do {
            guard let found = try client.artist(id: artist.mbid!).value else { return EntityResult(id: artist.id, genres: nil) }
            let moved = found.id != artist.mbid
            if moved { tally.mbidsResolved += 1 }
            return EntityResult(id: artist.id, genres: run.weighting.weigh(found.tags), resolvedMBID: moved ? found.id : nil)
        } catch .requestRejected(let url, let reason) {
            run.logger.warning("\(artist.name): \(HTTPClient.redact(url)): \(reason)")
            return EntityResult(id: artist.id, genres: nil)
        }
    }

    mutating func fetchAlbums(_ tally: inout GenresTally) throws(GenresError) {
        let due = run.options.limited(try run.db { try run.store.dueAlbums(source: Self.source, now: run.now, refresh: run.options.refresh) })
        guard !due.isEmpty else { return }
        let progress = run.progress("MusicBrainz albums", due.count)
        defer { progress.finish() }

        let known = due.filter { $0.releaseGroupID != nil }
        for start in stride(from: 0, to: known.count, by: MusicBrainzClient.batchSize) {
            try run.checkStop(committed: start, of: due.count, "MusicBrainz albums")
            let batch = Array(known[start..<min(start + MusicBrainzClient.batchSize, known.count)])
            let found = try client.releaseGroups(ids: batch.compactMap(\.releaseGroupID))
            let results = batch.map { album in
                EntityResult(id: album.id, genres: found[album.releaseGroupID!].map { run.weighting.weigh($0.tags) })
            }
            try save(results, tally: &tally)
            progress.advance(by: batch.count)
        }

        let byArtist = Dictionary(grouping: due.filter { $0.releaseGroupID == nil }, by: { $0.artistMBID ?? "" })
        var done = known.count
        for (artistMBID, albums) in byArtist.sorted(by: { $0.key < $1.key }) {
            try run.checkStop(committed: done, of: due.count, "MusicBrainz albums")
            done += albums.count
            do {
                var groups = browsed[artistMBID] ?? []
                if !artistMBID.isEmpty, browsed[artistMBID] == nil {
                    groups = try client.releaseGroups(artistID: artistMBID) ?? []
                }
                let results = albums.map { album in
                    Self.releaseGroup(titled: album.title, in: groups).map {
                        EntityResult(id: album.id, genres: run.weighting.weigh($0.tags), resolvedMBID: $0.id)
                    } ?? EntityResult(id: album.id, genres: nil)
                }
                try save(results, tally: &tally)
            } catch .requestRejected(let url, let reason) {
                tally.failed += albums.count
                run.logger.warning("\(HTTPClient.redact(url)): \(reason)")
            }
            progress.advance(by: albums.count)
        }
    }

    private func save(_ results: [EntityResult], tally: inout GenresTally) throws(GenresError) {
        try run.db { try run.store.saveAlbums(results, source: Self.source, fetchedAt: Date()) }
        tally.albumsFetched += results.count { $0.genres != nil }
        tally.notFound += results.count { $0.genres == nil }
    }

    private func count(_ results: [EntityResult], into tally: inout GenresTally) {
        tally.artistsFetched += results.count { $0.genres != nil }
        tally.notFound += results.count { $0.genres == nil }
    }

    /// The release group an album title names: same match key, else the same title once
    /// version markers ("(Remastered)", "(Deluxe Edition)") are set aside.
    static func releaseGroup(titled title: String, in groups: [MusicBrainzClient.ReleaseGroup]) -> MusicBrainzClient.ReleaseGroup? {
        let key = MatchKey.make(title)
        if let exact = groups.first(where: { MatchKey.make($0.title) == key }) { return exact }
        let base = TitleVersion(title).key
        return groups.first { TitleVersion($0.title).key == base }
    }
}
