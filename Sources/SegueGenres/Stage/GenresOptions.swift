/// What one `segue-genres` run is asked to do.
public struct GenresOptions: Sendable {
    public enum Scope: String, Sendable, CaseIterable {
        case artists, albums, history
    }

    /// Fetch again even what the cache holds as fresh.
    public var refresh = false
    /// Fetch at most this many entities of each kind.
    public var limit: Int?
    /// Only this part of the work; everything when nil.
    public var only: Scope?
    /// Count the requests and the time they would take; fetch and write nothing.
    public var dryRun = false

    public init(refresh: Bool = false, limit: Int? = nil, only: Scope? = nil, dryRun: Bool = false) {
        self.refresh = refresh
        self.limit = limit
        self.only = only
        self.dryRun = dryRun
    }

    func includes(_ scope: Scope) -> Bool {
        only == nil || only == scope
    }

    func limited<T>(_ items: [T]) -> [T] {
        limit.map { Array(items.prefix($0)) } ?? items
    }
}
