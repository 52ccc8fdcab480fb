import ArgumentParser
import Foundation
import SegueCore
import SegueIndex

/// `segue-dev index-recall`: how many of the stored neighbours exact search agrees with.
struct IndexRecallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index-recall",
        abstract: "Measure the recall@k of the stored neighbours against exact search over the stored vectors.")

    @Option(name: .long, help: ArgumentHelp("Database file holding an index.", valueName: "file"))
    var db: String

    @Option(name: .long, help: "Tracks sampled as queries.")
    var queries = 2000

    @Option(name: .long, help: "Neighbours compared per query.")
    var k = 10

    func run() throws {
        let started = Date()
        let result = try IndexRecall.measure(database: try AppDatabase(path: db, readOnly: true), queries: queries, k: k)
        print(String(format: "index-recall: recall@%d %.4f over %d queries (%.1f s)", k, result.recall, result.queries,
                     Date().timeIntervalSince(started)))
    }
}
