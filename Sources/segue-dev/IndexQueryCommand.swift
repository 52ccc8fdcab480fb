import ArgumentParser
import Foundation
import SegueCore
import SegueIndex

/// `segue-dev index-query`: loads the index as export does and times its queries.
struct IndexQueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index-query",
        abstract: "Time loading the similarity index and answering queries, as export does.")

    @Option(name: .long, help: ArgumentHelp("Database file holding an index.", valueName: "file"))
    var db: String

    @Option(name: .long, help: "Neighbours asked for per query.")
    var limit = 50

    @Option(name: .long, help: "Queries of each kind.")
    var queries = 1000

    func run() throws {
        let clock = ContinuousClock()
        let database = try AppDatabase(path: db, readOnly: true)
        var index: SimilarityIndex?
        let load = try clock.measure { index = try SimilarityIndex.load(database: database) }
        guard let index, !index.trackIDs.isEmpty else { throw ValidationError("the index in \(db) is empty") }
        var random = SystemRandomNumberGenerator()
        let ids = (0..<queries).map { _ in index.trackIDs.randomElement(using: &random)! }
        var found = 0
        let first = clock.measure { found += index.neighbours(of: ids[0], limit: limit).count }
        let single = clock.measure { for id in ids { found += index.neighbours(of: id, limit: limit).count } }
        let rss = Self.residentMemory()
        let seedQueries = max(1, queries / 100)
        let seeds = clock.measure {
            for query in 0..<seedQueries {
                found += index.neighbours(ofSeeds: Array(ids[(query * 5 % ids.count)...].prefix(5)), limit: limit).count
            }
        }
        let afterSeeds = Self.residentMemory()
        var transitions = 0
        let transition = clock.measure {
            for (from, to) in zip(ids, ids.dropFirst()) where index.transitionScore(from: from, to: to) != nil { transitions += 1 }
        }
        func micro(_ duration: Duration, _ count: Int) -> String {
            String(format: "%.1f µs", Double(duration.components.attoseconds) / 1e12 / Double(count)
                   + Double(duration.components.seconds) * 1e6 / Double(count))
        }
        print("index-query: load \(micro(load, 1)), first neighbours \(micro(first, 1)), "
              + "neighbours of a track \(micro(single, ids.count)) [\(rss)], of 5 seeds \(micro(seeds, seedQueries)) [\(afterSeeds)], "
              + "transition \(micro(transition, max(1, ids.count - 1))) [\(Self.residentMemory())] "
              + "(\(index.trackIDs.count) tracks, \(found) results)")
    }

    /// This process's resident memory now, from /proc (Linux).
    static func residentMemory() -> String {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
        else { return "RSS unknown" }
        let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        return "RSS \(kilobytes / 1024) MB"
    }
}
