import Foundation

/// Exact top-k neighbours of every track by brute force: all pairs are scored.
///
/// Sound and genre vectors are scaled and laid side by side so one dot product plus a
/// constant is the score (see `ScoreModel`). Rows are processed in blocks spread over the
/// cores with `concurrentPerform`; within a block, candidates are visited in tiles that stay in
/// cache while every query row of the block is scored against them, four queries at a time.
/// Each row's result depends only on its own scores, so the output is the same on any machine
/// and thread count.
enum NeighbourSearch {
    /// Candidates per cache tile (a tile of 512 rows × 112 floats is about 230 KB).
    static let tileRows = 512

    static func run(space: SimilaritySpace, k: Int, progress: @Sendable (Int) -> Void) -> NeighbourGraph {
        let count = space.count
        let k = min(k, max(0, count - 1))
        guard count > 1, k > 0 else { return NeighbourGraph(count: count, k: k) }
        let combined = combine(space)
        // Scores of a block are kept whole (block × count floats); cap that at 32 MB a thread.
        let blockRows = max(4, min(64, (8 << 20) / count) / 4 * 4)
        let blocks = (count + blockRows - 1) / blockRows
        let workers = max(1, min(blocks, ProcessInfo.processInfo.activeProcessorCount))
        let boost = space.model.artistBoost
        var rows = [Int32](repeating: -1, count: count * k)
        rows.withUnsafeMutableBufferPointer { rows in
            let output = SharedOutput(rows: rows.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                let buffer = UnsafeMutablePointer<Float>.allocate(capacity: blockRows * count)
                defer { buffer.deallocate() }
                var selector = TopSelector(k: k)
                for block in stride(from: worker, to: blocks, by: workers) {
                    let first = block * blockRows
                    let last = min(count, first + blockRows)
                    scoreBlock(combined, rows: first..<last, into: buffer)
                    for row in first..<last {
                        let rowScores = buffer + (row - first) * count
                        if boost > 0 {
                            for (other, match) in space.artists.boostedRows(for: row) { rowScores[other] += boost * match }
                        }
                        rowScores[row] = -.infinity
                        for other in space.unsearchable { rowScores[other] = -.infinity }
                        guard space.hasSonic[row] || space.hasGenre[row] else { continue }
                        for (rank, best) in selector.select(rowScores, count: count).enumerated() {
                            output.rows[row * k + rank] = best.index
                        }
                    }
                    progress(last - first)
                }
            }
        }
        return NeighbourGraph(k: k, rows: rows)
    }

    /// `[√(w_s/2)·sonic, √w_g·genre]` per row.
    static func combine(_ space: SimilaritySpace) -> Matrix {
        let sonicCols = space.sonic.cols, genreCols = space.genre.cols
        let combined = Matrix(rows: space.count, minimumCols: sonicCols + genreCols)
        let sonicScale = space.model.sonicScale, genreScale = space.model.genreScale
        for row in 0..<space.count {
            let target = combined.row(row)
            for (col, value) in space.sonic.row(row).enumerated() { target[col] = value * sonicScale }
            for (col, value) in space.genre.row(row).enumerated() { target[sonicCols + col] = value * genreScale }
        }
        return combined
    }

    /// Dot products of `rows` with every row of `matrix`, into `output[(row - first) * count + j]`.
    static func scoreBlock(_ matrix: Matrix, rows: Range<Int>, into output: UnsafeMutablePointer<Float>) {
        let count = matrix.rows
        let chunks = matrix.cols / Matrix.lanes
        for tileStart in stride(from: 0, to: count, by: tileRows) {
            let tileEnd = min(count, tileStart + tileRows)
            for groupStart in stride(from: rows.lowerBound, to: rows.upperBound, by: 4) {
                // A short last group repeats its final row; the duplicate writes are identical.
                let r0 = groupStart, r1 = min(groupStart + 1, rows.upperBound - 1)
                let r2 = min(groupStart + 2, rows.upperBound - 1), r3 = min(groupStart + 3, rows.upperBound - 1)
                let q0 = matrix.chunks(r0), q1 = matrix.chunks(r1), q2 = matrix.chunks(r2), q3 = matrix.chunks(r3)
                let o0 = output + (r0 - rows.lowerBound) * count, o1 = output + (r1 - rows.lowerBound) * count
                let o2 = output + (r2 - rows.lowerBound) * count, o3 = output + (r3 - rows.lowerBound) * count
                for candidate in tileStart..<tileEnd {
                    let x = matrix.chunks(candidate)
                    var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
                    for chunk in 0..<chunks {
                        let value = x[chunk]
                        a0 += q0[chunk] * value
                        a1 += q1[chunk] * value
                        a2 += q2[chunk] * value
                        a3 += q3[chunk] * value
                    }
                    o0[candidate] = a0.sum()
                    o1[candidate] = a1.sum()
                    o2[candidate] = a2.sum()
                    o3[candidate] = a3.sum()
                }
            }
        }
    }
}

/// The graph's rows, written by several workers at disjoint positions.
private struct SharedOutput: @unchecked Sendable {
    let rows: UnsafeMutablePointer<Int32>

}
