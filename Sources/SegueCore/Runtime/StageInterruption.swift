/// A stage stopped between two batches because SIGINT or SIGTERM asked it to: everything
/// counted in `committed` is in the database, and a rerun does the rest.
public struct StageInterruption: SegueError, Equatable {
    public var committed: Int
    public var total: Int
    /// What was counted, in the plural: `files`, `tracks`, `MusicBrainz artists`, `playlists`.
    public var unit: String

    public init(committed: Int, total: Int, unit: String) {
        self.committed = committed
        self.total = total
        self.unit = unit
    }

    public var exitStatus: ExitStatus { .failure }

    /// `interrupted: 120 of 300 tracks committed; rerun resumes`.
    public var message: String {
        "interrupted: \(committed) of \(total) \(unit) committed; rerun resumes"
    }

    public var interruption: StageInterruption? { self }
}
