import Foundation

/// Exact top-k neighbours by brute force: every track is scored against all others.
///
/// Rows are processed in blocks spread over the cores with `concurrentPerform`; each block's
/// scores against every row come from one pair of GEMMs (`BlockScorer`), kept whole
/// (block × count floats, at most 32 MB a thread). Each row's result depends only on its own
/// scores, so the output is the same on any thread count.
enum NeighbourSearch {
    /// The neighbours of every track.
    static func run(space: SimilaritySpace, k: Int, progress: @Sendable (Int) -> Void) -> NeighbourGraph {
        let count = space.count
        let k = min(k, max(0, count - 1))
        guard count > 1, k > 0 else { return NeighbourGraph(count: count, k: k) }
        var rows = [Int32](repeating: -1, count: count * k)
        rows.withUnsafeMutableBufferPointer { rows in
            let output = SharedBuffer(rows)
            forEachBest(space: space, rows: Array(0..<count), k: k, progress: progress) { row, best in
                for (rank, entry) in best.enumerated() { output[row * k + rank] = entry.index }
            }
        }
        return NeighbourGraph(k: k, rows: rows)
    }

    /// The best `k` of `rows` (ascending), each with its ranking score: what the recall of an
    /// approximate index is measured against.
    static func best(space: SimilaritySpace, rows: [Int], k: Int) -> [[TopSelector.Entry]] {
        var found = [[TopSelector.Entry]](repeating: [], count: rows.count)
        found.withUnsafeMutableBufferPointer { found in
            let output = SharedBuffer(found)
            forEachBest(space: space, rows: rows, k: min(k, max(0, space.count - 1)), progress: { _ in }) { row, best in
                output[rows.sortedIndex(of: row)!] = best
            }
        }
        return found
    }

    /// Calls `body(row, best)` for each of `rows` (ascending), from several threads, each row once.
    private static func forEachBest(space: SimilaritySpace, rows: [Int], k: Int, progress: @Sendable (Int) -> Void,
                                    _ body: @Sendable (Int, [TopSelector.Entry]) -> Void) {
        let count = space.count
        guard count > 1, k > 0, !rows.isEmpty else { return }
        let blockRows = max(1, min(256, (8 << 20) / count))
        let blocks = (rows.count + blockRows - 1) / blockRows
        let workers = max(1, min(blocks, ProcessInfo.processInfo.activeProcessorCount))
        let boost = space.model.artistBoost
        let layout = BlockScorer.Layout(space)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let buffer = UnsafeMutablePointer<Float>.allocate(capacity: blockRows * count)
            defer { buffer.deallocate() }
            var selector = TopSelector(k: k)
            var queries = CandidateRows(layout: layout)
            for block in stride(from: worker, to: blocks, by: workers) {
                let members = rows[(block * blockRows)..<min(rows.count, (block + 1) * blockRows)]
                queries.gather(members, from: space)
                queries.withRows { queries in
                    BlockScorer.score(queries, against: BlockScorer.rows(space.sonic, space.genre, 0..<count),
                                      layout: layout, into: buffer, stride: count)
                }
                for (offset, row) in members.enumerated() {
                    let rowScores = buffer + offset * count
                    if boost > 0 {
                        for (other, match) in space.artists.boostedRows(for: row) { rowScores[other] += boost * match }
                    }
                    rowScores[row] = -.infinity
                    for other in space.unsearchable { rowScores[other] = -.infinity }
                    guard space.hasSonic[row] || space.hasGenre[row] else { continue }
                    body(row, selector.select(rowScores, count: count))
                }
                progress(members.count)
            }
        }
    }
}
