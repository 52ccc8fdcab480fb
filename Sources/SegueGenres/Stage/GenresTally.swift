/// What a run did, for the summary line and `stage_runs.counts`.
struct GenresTally {
    var artistsFetched = 0
    var albumsFetched = 0
    var notFound = 0
    var failed = 0
    var mbidsResolved = 0
    var similarArtists = 0
    var listensAdded = 0
    var listensMatched = 0
    var fileGenreChanges = 0
    /// Service → entities left for a later run because the service was given up.
    var pending: [String: Int] = [:]
    var notices: [String] = []

    var counts: [(String, Int)] {
        [("artists", artistsFetched), ("albums", albumsFetched), ("not_found", notFound), ("failed", failed),
         ("mbids_resolved", mbidsResolved), ("similar", similarArtists), ("listens_added", listensAdded),
         ("listens_matched", listensMatched), ("file_genre_changes", fileGenreChanges),
         ("pending", pending.values.reduce(0, +))]
    }
}
