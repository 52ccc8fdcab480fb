/// `history.*`: whose listening history seeds the playlists.
public struct HistoryConfig: Sendable {
    public var lastfmUser: String?
    public var listenbrainzUser: String?
    public var listenbrainzBaseURL: String

    init(_ reader: ConfigReader) throws(ConfigError) {
        lastfmUser = try reader.optionalString("history.lastfm.user")
        listenbrainzUser = try reader.optionalString("history.listenbrainz.user")
        listenbrainzBaseURL = try reader.string("history.listenbrainz.base_url", default: "https://api.listenbrainz.org")
    }
}
