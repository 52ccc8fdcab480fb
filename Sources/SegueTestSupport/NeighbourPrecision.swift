import GRDB

/// How often a track's nearest neighbours share its label (its album, artist or style):
/// precision@k of a neighbour graph, with the chance of the same by random neighbours.
///
/// The population is the graph's tracks. A query is a track with a label that at least one
/// other track of the population shares (a label of one can never be matched). Precision is
/// the share of the queries' first k neighbours that carry the query's label; chance is the
/// mean, over the same queries, of the share of the other tracks that do (what k neighbours
/// drawn at random would score). Neighbours without a label count as misses.
public struct NeighbourPrecision: Sendable, Equatable {
    public var precision: Double
    public var chance: Double
    /// Queries judged.
    public var queries: Int

    /// Precision over the graph's tracks for which `include` holds (all by default).
    /// - Parameters:
    ///   - neighbours: each track's neighbours, best first.
    ///   - labels: each track's label; a track missing here has none.
    public static func measure<ID: Hashable, Label: Hashable>(
        neighbours: [ID: [ID]], labels: [ID: Label], k: Int, include: (ID) -> Bool = { _ in true }
    ) -> NeighbourPrecision {
        var sizes: [Label: Int] = [:]
        for id in neighbours.keys {
            if let label = labels[id] { sizes[label, default: 0] += 1 }
        }
        let others = Double(max(1, neighbours.count - 1))
        var hits = 0, judged = 0, chance = 0.0, queries = 0
        for (id, ranked) in neighbours where include(id) {
            guard let label = labels[id], let size = sizes[label], size > 1 else { continue }
            let top = ranked.prefix(k)
            guard !top.isEmpty else { continue }
            queries += 1
            judged += top.count
            hits += top.count { labels[$0] == label }
            chance += Double(size - 1) / others
        }
        return NeighbourPrecision(precision: judged > 0 ? Double(hits) / Double(judged) : 0,
                                  chance: queries > 0 ? chance / Double(queries) : 0, queries: queries)
    }
}

extension NeighbourPrecision {
    /// Each track's first `k` neighbours in a database's `neighbours` table, best first.
    public static func storedNeighbours(_ db: Database, k: Int) throws -> [Int64: [Int64]] {
        var graph: [Int64: [Int64]] = [:]
        // Ranks start at 1.
        let rows = try Row.fetchCursor(db, sql: """
            SELECT track_id, neighbour_id FROM neighbours WHERE rank <= ? ORDER BY track_id, rank
            """, arguments: [k])
        while let row = try rows.next() {
            graph[row["track_id"], default: []].append(row["neighbour_id"])
        }
        return graph
    }
}
