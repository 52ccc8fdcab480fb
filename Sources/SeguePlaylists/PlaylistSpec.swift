import SegueCore

/// One playlist to build tonight: its name, where it starts from, and its rules.
public struct PlaylistSpec: Sendable {
    public enum Kind: String, Sendable {
        /// Defined in `playlists.definitions`.
        case defined
        /// One of the top artists of the listening history.
        case history
        /// One cluster of the library.
        case mix
        /// Asked for on the command line.
        case adhoc
    }

    public var name: String
    public var kind: Kind
    /// Tracks the playlist grows from, in order; the first one that survives the rules opens it.
    public var seeds: [Int64]
    /// Seeds the user named: they skip the rotation, recent-play and genre rules.
    public var pinned: Set<Int64>
    /// Artists whose share of the playlist is kept at least `seedArtistShare`.
    public var seedArtistKeys: Set<String>
    /// The seed artists as the playlist's purpose names them (the comment players show): the
    /// artists the user named, or those of the tracks named, whatever tonight's tracks are.
    public var seedArtistNames: [String]
    /// Genres asked for; the genre floor is measured against them instead of the seeds.
    public var seedGenres: [String]
    public var rules: PlaylistsConfig.Rules
    /// A library mix's cluster; candidates outside it are used only after relaxing.
    public var members: Set<Int64>?
    /// Extra candidates after the neighbours (a mix's tracks nearest its centre).
    public var fill: [Int64]
    /// Favour what is listened to (library mixes).
    public var favourPlays: Bool
    /// Candidates from the seeds' blended neighbourhood rather than each seed's own (several
    /// tracks named by the user: `seed_tracks`, `seed_playlist`, `--track A --track B`).
    public var blend: Bool
    /// A playlist that travels from one track to another (`--from`/`--to`) instead of growing around seeds.
    public var path: PathEnds?

    public struct PathEnds: Sendable, Equatable {
        public var from: Int64
        public var to: Int64

        public init(from: Int64, to: Int64) {
            self.from = from
            self.to = to
        }
    }

    public init(name: String, kind: Kind, seeds: [Int64], pinned: Set<Int64> = [], seedArtistKeys: Set<String> = [],
                seedArtistNames: [String] = [], seedGenres: [String] = [], rules: PlaylistsConfig.Rules, members: Set<Int64>? = nil,
                fill: [Int64] = [], favourPlays: Bool = false, blend: Bool = false, path: PathEnds? = nil) {
        self.name = name
        self.kind = kind
        self.seeds = seeds
        self.pinned = pinned
        self.seedArtistKeys = seedArtistKeys
        self.seedArtistNames = seedArtistNames
        self.seedGenres = seedGenres
        self.rules = rules
        self.members = members
        self.fill = fill
        self.favourPlays = favourPlays
        self.blend = blend
        self.path = path
    }
}
