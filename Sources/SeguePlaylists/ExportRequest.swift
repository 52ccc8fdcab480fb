/// What one run of `segue-export` is asked to do.
public struct ExportRequest: Sendable {
    /// Ad hoc seeds from the command line; when any is set, only that playlist is built.
    public var artists: [String] = []
    public var trackPaths: [String] = []
    public var genres: [String] = []
    /// A playlist that travels from one track to another (`--from`, `--to`), both set or neither.
    public var pathFrom: String?
    public var pathTo: String?
    /// Overrides every playlist's track count.
    public var tracks: Int?
    /// Replays a night: the same seed gives the same playlists.
    public var seed: UInt64?
    /// The night (`YYYY-MM-DD`) to build for; tonight when nil.
    public var night: String?
    public var dryRun = false
    /// Library paths of the entries of each definition's `seed_playlist: {player:, name:}`, by
    /// definition name, as `segue-export` read them from the players before the night.
    public var serverSeedPaths: [String: [String]] = [:]
    /// Why a definition's player playlist gave no seeds (one line), by definition name.
    public var serverSeedProblems: [String: String] = [:]

    public init() {}

    public var isAdHoc: Bool {
        !artists.isEmpty || !trackPaths.isEmpty || !genres.isEmpty || pathFrom != nil
    }
}
