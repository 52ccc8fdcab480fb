/// `genres.*`: the genre sources and how politely they are asked.
public struct GenresConfig: Sendable {
    public struct MusicBrainz: Sendable {
        public var enabled: Bool
        public var baseURL: String
        public var requestsPerSecond: Double
        public var contact: String
    }

    public struct LastFM: Sendable {
        public var apiKey: String?
        public var baseURL: String
        public var requestsPerSecond: Double
    }

    public var musicbrainz: MusicBrainz
    public var lastfm: LastFM
    /// Days a fetched result stays fresh; refreshes are spread around this.
    public var cacheDays: Int

    init(_ reader: ConfigReader) throws(ConfigError) {
        musicbrainz = MusicBrainz(
            enabled: try reader.bool("genres.musicbrainz.enabled", default: true),
            baseURL: try reader.string("genres.musicbrainz.base_url", default: "https://musicbrainz.org"),
            requestsPerSecond: try reader.double("genres.musicbrainz.requests_per_second", default: 1, range: 0.01...1000),
            contact: try reader.string("genres.musicbrainz.contact", default: "segue-user@example.invalid"))
        lastfm = LastFM(
            apiKey: try reader.optionalString("genres.lastfm.api_key"),
            baseURL: try reader.string("genres.lastfm.base_url", default: "https://ws.audioscrobbler.com"),
            requestsPerSecond: try reader.double("genres.lastfm.requests_per_second", default: 5, range: 0.01...1000))
        cacheDays = try reader.int("genres.cache_days", default: 30, range: 1...3650)
    }
}
