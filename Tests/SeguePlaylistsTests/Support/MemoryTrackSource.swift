@testable import SeguePlaylists

/// Tracks held in memory, for tests that need no database.
struct MemoryTrackSource: TrackSource {
    var all: [TrackInfo]

    func tracks(ids: [Int64]) -> [TrackInfo] {
        let wanted = Set(ids)
        return all.filter { wanted.contains($0.id) }
    }

    func artistCredits() -> [String] {
        Array(Set(all.map(\.artist)))
    }

    func trackIDs(creditedTo credits: [String]) -> [Int64] {
        all.filter { credits.contains($0.artist) }.map(\.id)
    }

    func trackIDs(creditingArtistKey artistKey: String) -> [Int64] {
        all.filter { $0.artistKeys.contains(artistKey) }.map(\.id)
    }

    func genreParents() -> [(genre: String, parent: String)] {
        []
    }

    /// Track genres only: these tracks have no albums or artists of their own.
    func trackIDs(excludedByGenres genres: [String]) -> [Int64] {
        trackIDs(withGenres: genres)
    }

    func genreNames() -> [String] {
        Array(Set(all.flatMap(\.genres)))
    }

    func trackIDs(withGenres genres: [String]) -> [Int64] {
        all.filter { !Set($0.genres).isDisjoint(with: genres) }.map(\.id)
    }

    func trackIDs(path: String) -> [Int64] {
        all.filter { $0.path == path || $0.path.hasSuffix("/" + path) }.map(\.id)
    }
}
