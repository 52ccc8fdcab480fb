/// Where a catalog loads tracks from: the database in a run, a fixed list in tests. Lookups
/// return ids of present tracks only; `tracks(ids:)` leaves out ids that are not present.
public protocol TrackSource: Sendable {
    func tracks(ids: [Int64]) throws -> [TrackInfo]
    /// Every distinct artist credit of the present tracks.
    func artistCredits() throws -> [String]
    func trackIDs(creditedTo credits: [String]) throws -> [Int64]
    /// Every distinct genre name given to tracks, albums or artists.
    func genreNames() throws -> [String]
    /// Tracks with one of `genres` themselves, on their album, or on their artist.
    func trackIDs(withGenres genres: [String]) throws -> [Int64]
    /// Tracks whose path is `path` or ends with `/path`.
    func trackIDs(path: String) throws -> [Int64]
}
