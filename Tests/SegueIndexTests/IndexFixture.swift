import Foundation
import GRDB
import SegueCore
import SegueTestSupport
@testable import SegueIndex

/// A synthetic library in its own temporary database, and helpers to index and inspect it.
struct IndexFixture {
    let directory: TemporaryDirectory
    let path: String
    let database: AppDatabase
    let library: SyntheticLibrary

    init(tracks: Int = 600, seed: UInt64 = 7, prepare: (AppDatabase) throws -> Void = { _ in }) throws {
        directory = try TemporaryDirectory(prefix: "segue-index")
        path = directory.file("segue.db")
        let database = try AppDatabase(path: path)
        try prepare(database)
        self.database = database
        library = try SyntheticLibrary.generate(at: path, options: .init(tracks: tracks, seed: seed))
    }

    static func config(_ yaml: String = "") throws -> IndexConfig {
        try SegueConfig.parse(yaml: yaml, filePath: nil, environment: [:]).index
    }

    @discardableResult
    func build(_ config: IndexConfig? = nil, force: Bool = false) throws -> IndexReport {
        let config = try config ?? Self.config()
        return try IndexBuilder(database: database, settings: IndexSettings(config: config)).run(force: force)
    }

    /// Every stored neighbour row, in order.
    func neighbourRows() throws -> [Row] {
        try database.pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT track_id, neighbour_id, rank, score, sonic_score, genre_score FROM neighbours ORDER BY track_id, rank
                """)
        }
    }

    /// Mean share of each track's first `k` stored neighbours that share its style.
    func precision(at k: Int) throws -> Double {
        let rows = try database.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT track_id, neighbour_id FROM neighbours WHERE rank <= ?", arguments: [k])
        }
        let hits = rows.filter { library.trackStyles[$0[0] as Int64] == library.trackStyles[$0[1] as Int64] }.count
        return Double(hits) / Double(max(1, rows.count))
    }

    /// The chance a random other track shares the style.
    var chancePrecision: Double {
        let sizes = Dictionary(grouping: library.trackStyles.values, by: { $0 }).mapValues(\.count)
        let total = Double(library.trackStyles.count)
        return sizes.values.reduce(0) { $0 + Double($1) * Double($1 - 1) } / (total * (total - 1))
    }

    func execute(_ sql: String, _ arguments: StatementArguments = []) throws {
        try database.pool.write { db in try db.execute(sql: sql, arguments: arguments) }
    }
}
