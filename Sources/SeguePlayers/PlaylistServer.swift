import SegueHTTP

/// A media server that names songs and playlists by id (Subsonic, Jellyfin): what a push
/// needs of it, whatever its API.
protocol PlaylistServer {
    var name: String { get }
    /// Requests sent so far, retries included.
    var requestCount: Int { get }
    /// Brings the cached library (`player_songs`) up to date, asking as little as the server
    /// allows; a `ServiceError` or a database error stops the push.
    func syncLibrary(store: PlayerStore) throws
    /// Creates a playlist and returns its id.
    func create(name: String, comment: String, songIDs: [String]) throws(ServiceError) -> String
    /// Replaces a playlist's songs in place, and its comment when one is given (nil keeps the
    /// one it has); false when the server no longer has it.
    func replace(id: String, name: String, comment: String?, songIDs: [String]) throws(ServiceError) -> Bool
    /// Sets a playlist's comment alone, its songs unchanged; false when the server no longer has it.
    func describe(id: String, comment: String) throws(ServiceError) -> Bool
    func delete(id: String) throws(ServiceError)
    /// The songs of the playlist called `name` that this user sees, in order; nil when there is
    /// none of that name (of several, the user's own and newest).
    func entries(ofPlaylistNamed name: String) throws -> [RemoteSong]?
}
