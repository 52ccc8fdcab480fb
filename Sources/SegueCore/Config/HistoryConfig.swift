/// `history.*`: whose listening history seeds the playlists.
public struct HistoryConfig: Sendable {
    /// Last.fm user whose scrobbles are fetched (needs `genres.lastfm.api_key`).
    public var lastfmUser: String?
    /// ListenBrainz user whose public listens are fetched (no key needed).
    public var listenbrainzUser: String?
    /// The service root; Segue adds `/1/…`.
    public var listenbrainzBaseURL: String
    /// Least similarity (0…1) for a fuzzy match of a listen to a library track.
    public var matchThreshold: Double
    /// History is asked for at most this often; a rerun within it makes no request.
    public var minIntervalMinutes: Int

    init(_ reader: ConfigReader) throws(ConfigError) {
        lastfmUser = try reader.optionalString("history.lastfm.user").flatMap { $0.isEmpty ? nil : $0 }
        listenbrainzUser = try reader.optionalString("history.listenbrainz.user").flatMap { $0.isEmpty ? nil : $0 }
        listenbrainzBaseURL = try reader.string("history.listenbrainz.base_url", default: "https://api.listenbrainz.org")
        matchThreshold = try reader.double("history.match_threshold", default: 0.88, range: 0.5...1)
        minIntervalMinutes = try reader.int("history.min_interval_minutes", default: 60, range: 0...100_000)
    }
}
