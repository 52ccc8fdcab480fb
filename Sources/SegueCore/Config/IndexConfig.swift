/// `index.*`: how sound and genre are combined into one similarity space.
public struct IndexConfig: Sendable {
    /// Weight of sonic similarity; genre similarity gets `1 - sonicWeight`.
    public var sonicWeight: Double
    /// Neighbours kept per track.
    public var neighbours: Int
    /// Relative weight of each feature family (`index.groups.*`), whatever its number of dimensions.
    public var groupWeights: GroupWeights
    /// Fraction of variance PCA keeps; 0 leaves the normalized features as they are.
    public var pcaVariance: Double
    /// Whether PCA components are scaled to unit variance (only with `pcaVariance > 0`).
    public var whiten: Bool
    /// Normalized features are clipped to ± this many robust deviations, so outliers cannot dominate.
    public var clip: Double
    /// Weight of the genres a track inherits from each level (`index.genre_levels.*`).
    public var genreLevels: GenreLevels
    /// Trust in each genre source (`index.genre_sources.*`); 0 ignores a source.
    public var genreSources: GenreSources
    /// Genres that serve as the axes of the genre space; the rest are placed by their relatedness to them.
    public var genreAxes: Int
    /// Similarity of a genre to its parent; each further step multiplies by it again.
    public var genreParentDecay: Double
    /// Added to the score of a track by an artist listed as similar, times the listed match.
    public var similarArtistBoost: Double
    /// Weights of the parts of a transition score (`index.transition.*`).
    public var transition: TransitionWeights
    /// Libraries with fewer indexed tracks are searched exactly; larger ones approximately.
    public var exactBelow: Int
    /// The approximate search (`index.approximate.*`).
    public var approximate: Approximate

    public var genreWeight: Double { 1 - sonicWeight }

    public struct GroupWeights: Sendable, Equatable {
        public var timbre: Double
        public var rhythm: Double
        public var harmony: Double
        public var loudness: Double
        public var other: Double
        /// The learned embedding (`sonic_embeddings`), as one family beside the DSP ones; 0 when
        /// `analysis.embedding` is `none`.
        public var embedding: Double
    }

    public struct GenreLevels: Sendable, Equatable {
        public var track: Double
        public var album: Double
        public var artist: Double
    }

    public struct GenreSources: Sendable, Equatable {
        public var file: Double
        public var musicbrainz: Double
        public var lastfm: Double
        public var other: Double

        public func weight(of source: String) -> Double {
            switch source {
            case "file": file
            case "musicbrainz": musicbrainz
            case "lastfm": lastfm
            default: other
            }
        }
    }

    public struct Approximate: Sendable, Equatable {
        /// Tracks per cluster the library is split into, while that makes at most `clusters`.
        public var clusterSize: Int
        /// The most clusters: past `clusters × clusterSize` tracks the clusters grow instead of
        /// multiplying, so the probes keep covering the same share of the library.
        public var clusters: Int
        /// Clusters whose tracks are a track's candidates: its own and the nearest others.
        public var probes: Int
    }

    public struct TransitionWeights: Sendable, Equatable {
        public var timbre: Double
        public var tempo: Double
        public var key: Double
    }

    init(_ reader: ConfigReader) throws(ConfigError) {
        sonicWeight = try reader.double("index.sonic_weight", default: 0.6, range: 0...1)
        neighbours = try reader.int("index.neighbours", default: 100, range: 1...1000)
        groupWeights = GroupWeights(
            timbre: try reader.double("index.groups.timbre", default: 1.0, range: 0...100),
            rhythm: try reader.double("index.groups.rhythm", default: 0.8, range: 0...100),
            harmony: try reader.double("index.groups.harmony", default: 0.6, range: 0...100),
            loudness: try reader.double("index.groups.loudness", default: 0.4, range: 0...100),
            other: try reader.double("index.groups.other", default: 0.5, range: 0...100),
            embedding: try reader.double("index.groups.embedding", default: 3.3, range: 0...100))
        pcaVariance = try reader.double("index.pca_variance", default: 0, range: 0...1)
        whiten = try reader.bool("index.whiten", default: false)
        clip = try reader.double("index.clip", default: 4, range: 0.5...100)
        genreLevels = GenreLevels(
            track: try reader.double("index.genre_levels.track", default: 1.0, range: 0...10),
            album: try reader.double("index.genre_levels.album", default: 0.7, range: 0...10),
            artist: try reader.double("index.genre_levels.artist", default: 0.5, range: 0...10))
        genreSources = GenreSources(
            file: try reader.double("index.genre_sources.file", default: 1.0, range: 0...10),
            musicbrainz: try reader.double("index.genre_sources.musicbrainz", default: 0.9, range: 0...10),
            lastfm: try reader.double("index.genre_sources.lastfm", default: 0.7, range: 0...10),
            other: try reader.double("index.genre_sources.other", default: 0.5, range: 0...10))
        genreAxes = try reader.int("index.genre_axes", default: 64, range: 1...4096)
        genreParentDecay = try reader.double("index.genre_parent_decay", default: 0.7, range: 0...1)
        similarArtistBoost = try reader.double("index.similar_artist_boost", default: 0.05, range: 0...1)
        transition = TransitionWeights(
            timbre: try reader.double("index.transition.timbre", default: 0.5, range: 0...10),
            tempo: try reader.double("index.transition.tempo", default: 0.3, range: 0...10),
            key: try reader.double("index.transition.key", default: 0.2, range: 0...10))
        exactBelow = try reader.int("index.exact_below", default: 100_000, range: 0...1_000_000_000)
        approximate = Approximate(
            clusterSize: try reader.int("index.approximate.cluster_size", default: 256, range: 8...65_536),
            clusters: try reader.int("index.approximate.clusters", default: 800, range: 1...1_000_000),
            probes: try reader.int("index.approximate.probes", default: 40, range: 1...65_536))
    }
}
