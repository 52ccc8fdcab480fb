/// `playlists.*`: which playlists are written, how they are chosen, and where they go.
///
/// `defaults` holds the rules every playlist follows; each entry of `definitions` may
/// override any of them. History playlists and library mixes are generated from the
/// library itself, so a config naming only `library.music_dirs` still gets playlists.
public struct PlaylistsConfig: Sendable {
    public enum PathStyle: String, CaseIterable, Sendable {
        /// Relative to the playlist's own folder (most players, phones, VLC).
        case relative
        /// Absolute paths (after `path_prefix` rewriting).
        case absolute
        /// Relative to the music folder holding the track (MPD stored playlists).
        case library
    }

    public enum Format: String, CaseIterable, Sendable {
        case m3u8, xspf
        /// The same extended M3U in UTF-8 named `.m3u`, which MPD's playlist folder needs.
        case m3u
    }

    /// What a playlist leaves out, optionally only in some months (seasonal music).
    public struct Exclusion: Sendable, Equatable {
        public enum Field: String, CaseIterable, Sendable {
            case artist, album, track, genre
        }

        public var field: Field
        public var value: String
        /// Months (1...12) the exclusion applies in; empty means all year.
        public var months: Set<Int>

        public init(field: Field, value: String, months: Set<Int> = []) {
            self.field = field
            self.value = value
            self.months = months
        }

        public func applies(inMonth month: Int) -> Bool {
            months.isEmpty || months.contains(month)
        }
    }

    /// The rules one playlist is built with.
    public struct Rules: Sendable, Equatable {
        public var tracks: Int
        /// Keep adding tracks past `tracks` until the playlist lasts this long; 0 = no minimum.
        public var minMinutes: Double
        public var minTrackSeconds: Double
        public var maxTrackSeconds: Double
        /// Least genre similarity to the seeds; tracks with no genre pass.
        public var genreFloor: Double
        public var maxPerArtist: Int
        /// No artist appears twice within this many consecutive tracks.
        public var artistWindow: Int
        /// Least distance in positions between two tracks of one album.
        public var albumSpacing: Int
        /// Least share of the playlist given to the seed artists.
        public var seedArtistShare: Double
        /// Tracks listened to within this many days are left out; 0 turns it off.
        public var recentDays: Int
        /// How much the nightly random draw may reorder candidates (0 = always the same picks).
        public var freshness: Double
        public var bpmRange: ClosedRange<Double>?
        public var loudnessRange: ClosedRange<Double>?
        /// Allowed keys, e.g. `A minor`; empty means any.
        public var keys: [String]
        public var exclusions: [Exclusion]

        public static let standard = Rules(
            tracks: 30, minMinutes: 0, minTrackSeconds: 60, maxTrackSeconds: 900, genreFloor: 0.2,
            maxPerArtist: 3, artistWindow: 4, albumSpacing: 8, seedArtistShare: 0.2, recentDays: 3,
            freshness: 0.15, bpmRange: nil, loudnessRange: nil, keys: [], exclusions: [])
    }

    /// One configured playlist.
    public struct Definition: Sendable, Equatable {
        public var name: String
        public var seedArtists: [String]
        public var seedTracks: [String]
        public var seedGenres: [String]
        /// An M3U/M3U8 file whose tracks seed the playlist.
        public var seedPlaylist: String?
        /// A playlist on one of the configured players whose tracks seed the playlist.
        public var seedServerPlaylist: ServerPlaylist?
        public var rules: Rules

        public init(name: String, seedArtists: [String] = [], seedTracks: [String] = [], seedGenres: [String] = [],
                    seedPlaylist: String? = nil, seedServerPlaylist: ServerPlaylist? = nil, rules: Rules) {
            self.name = name
            self.seedArtists = seedArtists
            self.seedTracks = seedTracks
            self.seedGenres = seedGenres
            self.seedPlaylist = seedPlaylist
            self.seedServerPlaylist = seedServerPlaylist
            self.rules = rules
        }
    }

    /// `seed_playlist: {player: NAME, name: TITLE}`: the playlist called TITLE on the player
    /// configured as NAME (`players.subsonic`, `players.jellyfin` or `players.mpd`).
    public struct ServerPlaylist: Sendable, Equatable, Hashable {
        public var player: String
        public var name: String

        public init(player: String, name: String) {
            self.player = player
            self.name = name
        }
    }

    public var outputDir: String
    public var formats: [Format]
    public var pathStyle: PathStyle
    /// Rewrites the start of every path for another device, e.g. a phone's mount point.
    public var pathPrefixFrom: String?
    public var pathPrefixTo: String?
    /// Further sets of the same playlists, each in its own folder with its own formats and paths.
    public var profiles: [OutputProfile]
    /// Tracks given in a playlist during this many previous nights are avoided.
    public var rotationNights: Int
    public var defaults: Rules
    public var definitions: [Definition]
    /// One playlist per top artist of the recent listening history; 0 turns them off.
    public var historyArtists: Int
    public var historyDays: Int
    public var historySeeds: Int
    /// The library split into this many coherent mixes; 0 turns them off.
    public var libraryMixes: Int
    /// How many of one night's playlists a track (any copy of its recording) may join; 0 = no limit.
    public var maxPlaylistsPerTrack: Int
    /// A track among the nearest neighbours of more than `hubThreshold` times as many tracks
    /// as the median track is a hub; its neighbour score is multiplied by
    /// `(hubThreshold × median / its count) ^ hubDamping` (0 turns the penalty off).
    public var hubThreshold: Double
    public var hubDamping: Double

    init(_ reader: ConfigReader) throws(ConfigError) {
        let main = try OutputProfile(reader, prefix: "playlists.", label: "playlists.", defaultDir: "playlists",
                                     defaultFormats: ["m3u8", "xspf"])
        outputDir = main.outputDir
        formats = main.formats
        pathStyle = main.pathStyle
        pathPrefixFrom = main.pathPrefixFrom
        pathPrefixTo = main.pathPrefixTo
        profiles = []
        for entry in try reader.mappings("playlists.profiles") {
            profiles.append(try OutputProfile(entry, prefix: "", label: "playlists.profiles[].", defaultDir: nil, defaultFormats: ["m3u8"]))
        }
        rotationNights = try reader.int("playlists.rotation_nights", default: 7, range: 0...365)
        defaults = try Self.rules(reader, prefix: "playlists.defaults.", fallback: .standard)
        historyArtists = try reader.int("playlists.from_history.artists", default: 5, range: 0...100)
        historyDays = try reader.int("playlists.from_history.days", default: 90, range: 1...36500)
        historySeeds = try reader.int("playlists.from_history.seeds", default: 4, range: 1...50)
        libraryMixes = try reader.int("playlists.library_mixes.count", default: 8, range: 0...100)
        maxPlaylistsPerTrack = try reader.int("playlists.max_playlists_per_track", default: 1, range: 0...1000)
        hubThreshold = try reader.double("playlists.hubs.threshold", default: 4, range: 1...1000)
        hubDamping = try reader.double("playlists.hubs.damping", default: 0.5, range: 0...10)
        var seen: Set<String> = []
        definitions = []
        for entry in try reader.mappings("playlists.definitions") {
            let name = try entry.string("name", default: "")
            if name.isEmpty {
                throw .invalidValue(path: reader.filePath, key: "playlists.definitions[].name", reason: "is required")
            }
            guard seen.insert(name).inserted else {
                throw .invalidValue(path: reader.filePath, key: "playlists.definitions[].name", reason: "'\(name)' is defined twice")
            }
            let server = try Self.serverPlaylist(entry, definition: name)
            let definition = Definition(
                name: name,
                seedArtists: try entry.strings("seed_artists", default: []),
                seedTracks: try entry.paths("seed_tracks", default: []),
                seedGenres: try entry.strings("seed_genres", default: []),
                seedPlaylist: server == nil ? try entry.optionalPath("seed_playlist") : nil,
                seedServerPlaylist: server,
                rules: try Self.rules(entry, prefix: "", fallback: defaults))
            if definition.seedArtists.isEmpty, definition.seedTracks.isEmpty, definition.seedGenres.isEmpty,
               definition.seedPlaylist == nil, definition.seedServerPlaylist == nil {
                throw .invalidValue(path: reader.filePath, key: "playlists.definitions[].seed_artists",
                                    reason: "playlist '\(name)' needs seed_artists, seed_tracks, seed_genres or seed_playlist")
            }
            definitions.append(definition)
        }
    }

    /// `seed_playlist` written as a mapping names a player's playlist; as a string, a file.
    private static func serverPlaylist(_ entry: ConfigReader, definition: String) throws(ConfigError) -> ServerPlaylist? {
        guard entry.contains("seed_playlist.player") || entry.contains("seed_playlist.name") else { return nil }
        let player = try entry.string("seed_playlist.player", default: ""), name = try entry.string("seed_playlist.name", default: "")
        guard !player.isEmpty, !name.isEmpty else {
            throw .invalidValue(path: entry.filePath, key: "playlists.definitions[].seed_playlist." + (player.isEmpty ? "player" : "name"),
                                reason: "is required when seed_playlist names a player's playlist (playlist '\(definition)')")
        }
        return ServerPlaylist(player: player, name: name)
    }

    /// Reads the rule keys under `prefix`, each falling back to `fallback`'s value.
    /// A definition's `exclude` entries add to the defaults' ones.
    private static func rules(_ reader: ConfigReader, prefix: String, fallback: Rules) throws(ConfigError) -> Rules {
        func key(_ name: String) -> String { prefix + name }
        var rules = Rules(
            tracks: try reader.int(key("tracks"), default: fallback.tracks, range: 1...5000),
            minMinutes: try reader.double(key("min_minutes"), default: fallback.minMinutes, range: 0...10_000),
            minTrackSeconds: try reader.double(key("min_track_seconds"), default: fallback.minTrackSeconds, range: 0...86_400),
            maxTrackSeconds: try reader.double(key("max_track_seconds"), default: fallback.maxTrackSeconds, range: 1...86_400),
            genreFloor: try reader.double(key("genre_floor"), default: fallback.genreFloor, range: 0...1),
            maxPerArtist: try reader.int(key("max_per_artist"), default: fallback.maxPerArtist, range: 1...5000),
            artistWindow: try reader.int(key("artist_window"), default: fallback.artistWindow, range: 1...100),
            albumSpacing: try reader.int(key("album_spacing"), default: fallback.albumSpacing, range: 1...1000),
            seedArtistShare: try reader.double(key("seed_artist_share"), default: fallback.seedArtistShare, range: 0...1),
            recentDays: try reader.int(key("recent_days"), default: fallback.recentDays, range: 0...36500),
            freshness: try reader.double(key("freshness"), default: fallback.freshness, range: 0...1),
            bpmRange: try range(reader, key("bpm"), fallback: fallback.bpmRange),
            loudnessRange: try range(reader, key("loudness"), fallback: fallback.loudnessRange),
            keys: try reader.strings(key("keys"), default: fallback.keys),
            exclusions: fallback.exclusions)
        if rules.minTrackSeconds > rules.maxTrackSeconds {
            throw .invalidValue(path: reader.filePath, key: key("min_track_seconds"), reason: "is above max_track_seconds")
        }
        for entry in try reader.mappings(key("exclude")) {
            rules.exclusions.append(try exclusion(entry, key: key("exclude")))
        }
        return rules
    }

    private static func range(_ reader: ConfigReader, _ key: String, fallback: ClosedRange<Double>?) throws(ConfigError) -> ClosedRange<Double>? {
        guard reader.contains(key + ".min") || reader.contains(key + ".max") else { return fallback }
        let low = try reader.double(key + ".min", default: -.greatestFiniteMagnitude)
        let high = try reader.double(key + ".max", default: .greatestFiniteMagnitude)
        guard low <= high else {
            throw .invalidValue(path: reader.filePath, key: key, reason: "has min above max")
        }
        return low...high
    }

    /// `{artist|album|track|genre: NAME, months: [..] | except_months: [..]}`.
    private static func exclusion(_ entry: ConfigReader, key: String) throws(ConfigError) -> Exclusion {
        var found: [(Exclusion.Field, String)] = []
        for field in Exclusion.Field.allCases {
            let value = field == .track ? try entry.optionalPath(field.rawValue) : try entry.optionalString(field.rawValue)
            if let value { found.append((field, value)) }
        }
        guard found.count == 1, let (field, value) = found.first else {
            throw .invalidValue(path: entry.filePath, key: key, reason: "each entry needs exactly one of artist, album, track, genre")
        }
        let months = try monthList(entry, "months", key: key)
        let except = try monthList(entry, "except_months", key: key)
        if !months.isEmpty, !except.isEmpty {
            throw .invalidValue(path: entry.filePath, key: key, reason: "takes months or except_months, not both")
        }
        return Exclusion(field: field, value: value, months: except.isEmpty ? months : Set(1...12).subtracting(except))
    }

    private static func monthList(_ entry: ConfigReader, _ name: String, key: String) throws(ConfigError) -> Set<Int> {
        var months: Set<Int> = []
        for raw in try entry.strings(name, default: []) {
            guard let month = Int(raw), (1...12).contains(month) else {
                throw .invalidValue(path: entry.filePath, key: "\(key)[].\(name)", reason: "must list months 1 to 12, found '\(raw)'")
            }
            months.insert(month)
        }
        return months
    }
}
