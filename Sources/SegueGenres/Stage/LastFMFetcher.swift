import Foundation
import SegueHTTP

/// Last.fm's part of a run: each artist's top tags and similar artists, each album's top
/// tags, committed one entity at a time.
struct LastFMFetcher {
    static let source = "lastfm"

    let client: LastFMClient
    let run: GenresRun

    func fetchArtists(_ tally: inout GenresTally) throws(GenresError) {
        let tagsDue = try run.db { try run.store.dueArtists(source: Self.source, kind: .artist, now: run.now, refresh: run.options.refresh) }
        let similarDue = try run.db { try run.store.dueArtists(source: Self.source, kind: .similar, now: run.now, refresh: run.options.refresh) }
        let similarIDs = Set(similarDue.map(\.id))
        let tagIDs = Set(tagsDue.map(\.id))
        let due = run.options.limited((tagsDue + similarDue.filter { !tagIDs.contains($0.id) }).sorted { $0.id < $1.id })
        guard !due.isEmpty else { return }
        let progress = run.progress("Last.fm artists", due.count)
        defer { progress.finish() }
        for (done, artist) in due.enumerated() {
            try run.checkStop(committed: done, of: due.count, "Last.fm artists")
            do {
                if tagIDs.contains(artist.id) {
                    let tags = try client.artistTopTags(artist: artist.name)
                    let result = EntityResult(id: artist.id, genres: tags.value.map(run.weighting.weigh))
                    try run.db { try run.store.saveArtists([result], source: Self.source, fetchedAt: Date()) }
                    if result.genres == nil { tally.notFound += 1 } else { tally.artistsFetched += 1 }
                }
                if similarIDs.contains(artist.id) {
                    let similar = try client.similarArtists(artist: artist.name).value
                    try run.db { try run.store.saveSimilar(artistID: artist.id, similar: similar, source: Self.source, fetchedAt: Date()) }
                    tally.similarArtists += similar?.count ?? 0
                }
            } catch .requestRejected(let url, let reason) {
                tally.failed += 1
                run.logger.warning("\(artist.name): \(HTTPClient.redact(url)): \(reason)")
            }
            progress.advance()
        }
    }

    func fetchAlbums(_ tally: inout GenresTally) throws(GenresError) {
        let due = run.options.limited(try run.db { try run.store.dueAlbums(source: Self.source, now: run.now, refresh: run.options.refresh) })
        guard !due.isEmpty else { return }
        let progress = run.progress("Last.fm albums", due.count)
        defer { progress.finish() }
        for (done, album) in due.enumerated() {
            try run.checkStop(committed: done, of: due.count, "Last.fm albums")
            do {
                let tags = try client.albumTopTags(artist: album.albumArtist, album: album.title)
                let result = EntityResult(id: album.id, genres: tags.value.map(run.weighting.weigh))
                try run.db { try run.store.saveAlbums([result], source: Self.source, fetchedAt: Date()) }
                if result.genres == nil { tally.notFound += 1 } else { tally.albumsFetched += 1 }
            } catch .requestRejected(let url, let reason) {
                tally.failed += 1
                run.logger.warning("\(album.title): \(HTTPClient.redact(url)): \(reason)")
            }
            progress.advance()
        }
    }
}
