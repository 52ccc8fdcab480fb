import Foundation

/// Approximate top-k neighbours of every track for large libraries: each track is scored
/// exactly, but only against the tracks of the clusters its own cluster probes (`Quantizer`),
/// about `probes × cluster_size` candidates instead of the whole library.
///
/// The tracks of one cluster share their candidates, so a cluster is one block of GEMMs
/// (`BlockScorer`), as in the exact search: the candidate rows are gathered side by side once
/// per cluster, the cluster's tracks scored against them 256 at a time. Clusters are spread
/// over the cores; each track's result depends only on its own scores, so the output is the
/// same on any thread count.
enum ClusteredSearch {
    /// Tracks scored per GEMM block, fewer when the candidates are many: a block's scores stay
    /// within `scoreBudget` floats (8 MB a core; at a million tracks a cluster has 50,000).
    static let queryBlock = 256
    static let scoreBudget = 1 << 21

    /// Neighbours of every row in `partition`'s clusters; rows outside them get none. The second
    /// value is the candidates scored per searched track, on average.
    static func run(space: SimilaritySpace, partition: Partition, k: Int,
                    progress: @Sendable (Int) -> Void) -> (graph: NeighbourGraph, candidates: Double) {
        let count = space.count
        let k = min(k, max(0, count - 1))
        guard count > 1, k > 0 else { return (NeighbourGraph(count: count, k: k), 0) }
        let clusters = partition.members.count
        let workers = max(1, min(clusters, ProcessInfo.processInfo.activeProcessorCount))
        let layout = BlockScorer.Layout(space)
        var rows = [Int32](repeating: -1, count: count * k)
        var scored = [Double](repeating: 0, count: workers)
        rows.withUnsafeMutableBufferPointer { rows in
            scored.withUnsafeMutableBufferPointer { scored in
                let output = SharedBuffer(rows), tally = SharedBuffer(scored)
                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                    var ranking = RowRanking(space: space, k: k)
                    var queries = CandidateRows(layout: layout), gathered = CandidateRows(layout: layout)
                    var scores: [Float] = []
                    for cluster in stride(from: worker, to: clusters, by: workers) {
                        let members = partition.members[cluster]
                        guard !members.isEmpty else { continue }
                        let candidates = partition.candidates(of: cluster)
                        gathered.gather(candidates, from: space)
                        let blockRows = max(16, min(queryBlock, scoreBudget / max(1, candidates.count)))
                        if scores.count < blockRows * candidates.count {
                            scores = [Float](repeating: 0, count: blockRows * candidates.count)
                        }
                        for first in stride(from: 0, to: members.count, by: blockRows) {
                            let block = members[first..<min(members.count, first + blockRows)]
                            queries.gather(block, from: space)
                            scores.withUnsafeMutableBufferPointer { scores in
                                queries.withRows { queries in
                                    gathered.withRows { gathered in
                                        BlockScorer.score(queries, against: gathered, layout: layout,
                                                          into: scores.baseAddress!, stride: candidates.count)
                                    }
                                }
                                for (offset, row) in block.enumerated() {
                                    let best = ranking.best(for: row, scores: scores.baseAddress! + offset * candidates.count,
                                                            candidates: candidates)
                                    for (rank, other) in best.enumerated() { output[row * k + rank] = other }
                                }
                            }
                        }
                        tally[worker] += Double(members.count * candidates.count)
                        progress(members.count)
                    }
                }
            }
        }
        let searched = partition.members.reduce(0) { $0 + $1.count }
        return (NeighbourGraph(k: k, rows: rows), scored.reduce(0, +) / Double(max(1, searched)))
    }

    /// The clusters of a search: each searchable row's cluster, the rows of each cluster, and
    /// the clusters each one probes.
    struct Partition: Sendable {
        /// Per row of the space; -1 for a row that is not searched.
        let clusters: [Int32]
        /// Rows of each cluster, ascending.
        let members: [[Int]]
        let probes: [[Int32]]

        init(clusters: [Int32], clusterCount: Int, probes: [[Int32]]) {
            self.clusters = clusters
            var members = [[Int]](repeating: [], count: clusterCount)
            for (row, cluster) in clusters.enumerated() where cluster >= 0 { members[Int(cluster)].append(row) }
            self.members = members
            self.probes = probes
        }

        /// The rows of the clusters `cluster` probes, ascending, so ties go to the lower row as in the exact search.
        func candidates(of cluster: Int) -> [Int] {
            probes[cluster].flatMap { members[Int($0)] }.sorted()
        }
    }
}
