/// `genres.*`: the genre sources and how politely they are asked.
public struct GenresConfig: Sendable {
    public struct MusicBrainz: Sendable {
        public var enabled: Bool
        /// The service root; Segue adds `/ws/2/…`.
        public var baseURL: String
        public var requestsPerSecond: Double
        /// Put in the User-Agent, as MusicBrainz asks of every client.
        public var contact: String
    }

    public struct LastFM: Sendable {
        /// Without a key Last.fm is skipped with a notice.
        public var apiKey: String?
        /// The service root; Segue adds `/2.0/`.
        public var baseURL: String
        public var requestsPerSecond: Double
    }

    public var musicbrainz: MusicBrainz
    public var lastfm: LastFM
    public var http: HTTPConfig
    /// Days a fetched result stays fresh; each entity's expiry is spread ±20% around this.
    public var cacheDays: Int
    /// Tags kept although they are not genres (moods, say); all other non-genre tags are dropped.
    public var extraTags: [String]
    /// Genres below this weight (1 = the entity's strongest tag) are dropped.
    public var minWeight: Double

    init(_ reader: ConfigReader) throws(ConfigError) {
        musicbrainz = MusicBrainz(
            enabled: try reader.bool("genres.musicbrainz.enabled", default: true),
            baseURL: try reader.string("genres.musicbrainz.base_url", default: "https://musicbrainz.org"),
            requestsPerSecond: try reader.double("genres.musicbrainz.requests_per_second", default: 1, range: 0.01...1000),
            contact: try reader.string("genres.musicbrainz.contact", default: "segue-user@example.invalid"))
        lastfm = LastFM(
            apiKey: try reader.optionalString("genres.lastfm.api_key").flatMap { $0.isEmpty ? nil : $0 },
            baseURL: try reader.string("genres.lastfm.base_url", default: "https://ws.audioscrobbler.com"),
            requestsPerSecond: try reader.double("genres.lastfm.requests_per_second", default: 5, range: 0.01...1000))
        http = try HTTPConfig(reader, prefix: "genres.http", maxConsecutiveFailures: 5)
        cacheDays = try reader.int("genres.cache_days", default: 30, range: 1...3650)
        extraTags = try reader.strings("genres.extra_tags", default: [])
        minWeight = try reader.double("genres.min_weight", default: 0.1, range: 0...1)
    }
}
