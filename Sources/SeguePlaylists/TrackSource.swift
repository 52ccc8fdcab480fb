/// Where a catalog loads tracks from: the database in a run, a fixed list in tests. Lookups
/// return ids of present tracks only; `tracks(ids:)` leaves out ids that are not present.
public protocol TrackSource: Sendable {
    func tracks(ids: [Int64]) throws -> [TrackInfo]
    /// Every distinct artist credit of the present tracks.
    func artistCredits() throws -> [String]
    func trackIDs(creditedTo credits: [String]) throws -> [Int64]
    /// Tracks crediting the artist whose `MatchKey` is `artistKey` (`track_artists`), featured or not.
    func trackIDs(creditingArtistKey artistKey: String) throws -> [Int64]
    /// Every distinct genre name given to tracks, albums or artists.
    func genreNames() throws -> [String]
    /// The genre tree: each genre with its broader genre.
    func genreParents() throws -> [(genre: String, parent: String)]
    /// Tracks with one of `genres` themselves, on their album, or on their artist.
    func trackIDs(withGenres genres: [String]) throws -> [Int64]
    /// `trackIDs(withGenres:)`, and every track of an album whose tracks carry one of `genres`
    /// at least half of the time: a pop song on a Christmas album goes with the album.
    func trackIDs(excludedByGenres genres: [String]) throws -> [Int64]
    /// Tracks whose path is `path` or ends with `/path`.
    func trackIDs(path: String) throws -> [Int64]
}
