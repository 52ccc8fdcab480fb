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

    /// Runs a database step, turning its errors into `GenresError.database`.
    @discardableResult
    func db<T>(_ body: () throws -> T) throws(GenresError) -> T {
        try store.wrap(body)
    }
}
