import Foundation
import Logging
import SegueCore

/// What the fetchers of one run share.
struct GenresRun {
    let options: GenresOptions
    let store: GenreStore
    let weighting: GenreWeighting
    let logger: Logger
    let now: Date
    let progress: @Sendable (String, Int) -> ProgressReporter
    let cancellation: StageCancellation

    /// Runs a database step, turning its errors into `GenresError.database`.
    @discardableResult
    func db<T>(_ body: () throws -> T) throws(GenresError) -> T {
        try store.wrap(body)
    }

    /// Stops the run between two requests when a signal asked for it; everything fetched so
    /// far is committed with its cache row, so a rerun asks only for the rest.
    func checkStop(committed: Int, of total: Int, _ unit: String) throws(GenresError) {
        do {
            try cancellation.check(committed: committed, of: total, unit)
        } catch {
            throw .interrupted(error)
        }
    }
}
