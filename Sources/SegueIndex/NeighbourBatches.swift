import Foundation

/// The rows of the `neighbours` table for some tracks, in write order, a batch of tracks at a
/// time, each batch computed on another core while the writer inserts the one before it.
///
/// A row's score breakdown reads two random rows of the sound and genre matrices (two cache
/// misses each at 200,000 tracks, where the sound matrix is 77 MB): a fifth of the single
/// writer thread's CPU when it was computed between its inserts.
struct NeighbourBatches: Sendable {
    struct Row {
        let trackID: Int64
        let neighbourID: Int64
        let rank: Int64
        let breakdown: SimilarityBreakdown
    }

    /// About 100,000 rows, 8 MB, a batch: far more work than handing it over costs, and two
    /// batches in memory at once (the one written, the one computed) stay small beside the matrices.
    static let tracksPerBatch = 1024

    let space: SimilaritySpace
    /// The tracks written, ascending; rows of tracks deleted meanwhile are left out beforehand.
    let rows: [Int]
    /// Per row of `space`: whether its track is still in `tracks` (a neighbour that is not is skipped).
    let present: [Bool]
    let neighbours: @Sendable (Int) -> [Int]

    var batchCount: Int { (rows.count + Self.tracksPerBatch - 1) / Self.tracksPerBatch }

    func batch(_ index: Int) -> [Row] {
        let tracks = rows[(index * Self.tracksPerBatch)..<min(rows.count, (index + 1) * Self.tracksPerBatch)]
        let lists = tracks.map(neighbours)
        var batch: [Row] = []
        batch.reserveCapacity(lists.reduce(0) { $0 + $1.count })
        for (row, list) in zip(tracks, lists) {
            var rank: Int64 = 0
            for other in list where present[other] {
                rank += 1
                batch.append(Row(trackID: space.trackIDs[row], neighbourID: space.trackIDs[other], rank: rank,
                                 breakdown: space.breakdown(row, other)))
            }
        }
        return batch
    }

    /// Calls `body` with each batch in order, the next one being computed meanwhile.
    func forEach(_ body: ([Row]) throws -> Void) rethrows {
        guard batchCount > 0 else { return }
        var current = batch(0)
        for index in 0..<batchCount {
            let next = Handoff(), group = DispatchGroup()
            if index + 1 < batchCount {
                DispatchQueue.global().async(group: group) { next.rows = batch(index + 1) }
            }
            // Waited for even when `body` throws: the batch being computed reads `space`.
            defer { group.wait() }
            try body(current)
            group.wait()
            current = next.rows
        }
    }

    /// One batch passed from the thread computing it to the writer; the group's wait orders the accesses.
    private final class Handoff: @unchecked Sendable {
        var rows: [Row] = []
    }
}
