import CFaissShim
import Foundation

/// The coarse partition of the approximate search: FAISS's k-means splits the tracks into
/// clusters of about `index.approximate.cluster_size`, by the same inner product the score
/// ranks by (`[√(w_s/2)·sound, √w_g·genre]`, spherical). A track's candidates are the tracks
/// of the `index.approximate.probes` clusters nearest its own cluster's centroid.
///
/// There are at most `index.approximate.clusters`; a larger library has larger clusters. On
/// the synthetic libraries of `bench/index.sh` recall@10 follows the share of the library the
/// probes cover, not the clusters' size: with 40 probes of 780 clusters (5 %) it was 0.974 at
/// 200,000 tracks, of 3,900 (1 %) 0.61 at a million. A fixed share costs the square of the
/// library's size, a twentieth of the exact search's.
///
/// Centroids are kept as two matrices like the tracks' (sound and genre parts, each divided
/// by its scale), so `BlockScorer` gives a track's inner product with a centroid, and one
/// centroid's with another, with the same weights as two tracks'. Stored with the index, so
/// tracks added later fall into the same clusters.
struct Quantizer: Sendable {
    let sonic: Matrix
    let genre: Matrix

    var count: Int { sonic.rows }

    /// k-means iterations, and training points per centroid (FAISS's recommended minimum is 39).
    static let iterations = 10
    static let pointsPerCentroid = 40
    static let seed: Int32 = 1234

    init(sonic: Matrix, genre: Matrix) {
        self.sonic = sonic
        self.genre = genre
    }

    /// Trains on an even sample of the searchable rows of `space`.
    static func train(_ space: SimilaritySpace, searchable: [Int], clusterSize: Int,
                      maximum: Int) throws(IndexError) -> Quantizer {
        let clusters = max(1, min(searchable.count, maximum, searchable.count / max(1, clusterSize)))
        let sampleSize = min(searchable.count, clusters * pointsPerCentroid)
        let sonicCols = space.sonic.cols, genreCols = space.genre.cols, width = sonicCols + genreCols
        let sonicScale = space.model.sonicScale, genreScale = space.model.genreScale
        var points = [Float](repeating: 0, count: sampleSize * width)
        for index in 0..<sampleSize {
            let row = searchable[index * searchable.count / sampleSize]
            for (col, value) in space.sonic.row(row).enumerated() { points[index * width + col] = value * sonicScale }
            for (col, value) in space.genre.row(row).enumerated() { points[index * width + sonicCols + col] = value * genreScale }
        }
        var centroids = [Float](repeating: 0, count: clusters * width)
        var error = [CChar](repeating: 0, count: 256)
        guard segue_kmeans(width, sampleSize, points, clusters, Int32(iterations), seed, &centroids, &error, error.count) == 1 else {
            throw .clustering(reason: String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        let quantizer = Quantizer(sonic: Matrix(rows: clusters, minimumCols: sonicCols), genre: Matrix(rows: clusters, minimumCols: genreCols))
        for cluster in 0..<clusters {
            let first = cluster * width
            for col in 0..<sonicCols where sonicScale > 0 { quantizer.sonic[cluster, col] = centroids[first + col] / sonicScale }
            for col in 0..<genreCols where genreScale > 0 {
                quantizer.genre[cluster, col] = centroids[first + sonicCols + col] / genreScale
            }
        }
        return quantizer
    }

    /// The cluster of each of `rows` of `space`: the centroid of highest inner product, the
    /// lowest on a tie.
    func assign(_ rows: [Int], of space: SimilaritySpace) -> [Int32] {
        var clusters = [Int32](repeating: -1, count: rows.count)
        let layout = BlockScorer.Layout(space)
        let sliceRows = 256
        let slices = (rows.count + sliceRows - 1) / sliceRows
        let workers = max(1, min(slices, ProcessInfo.processInfo.activeProcessorCount))
        clusters.withUnsafeMutableBufferPointer { clusters in
            let output = SharedBuffer(clusters)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var gathered = CandidateRows(layout: layout)
                var scores = [Float](repeating: 0, count: sliceRows * count)
                for slice in stride(from: worker, to: slices, by: workers) {
                    let range = (slice * sliceRows)..<min(rows.count, (slice + 1) * sliceRows)
                    gathered.gather(rows[range], from: space)
                    scores.withUnsafeMutableBufferPointer { scores in
                        gathered.withRows { queries in
                            BlockScorer.score(queries, against: BlockScorer.rows(sonic, genre, 0..<count), layout: layout,
                                              into: scores.baseAddress!, stride: count)
                        }
                        for (offset, index) in range.enumerated() {
                            output[index] = Self.best(scores.baseAddress! + offset * count, count: count)
                        }
                    }
                }
            }
        }
        return clusters
    }

    /// For each cluster, the `probes` clusters whose centroids are nearest its own, itself first.
    func probes(_ probes: Int, layout: BlockScorer.Layout) -> [[Int32]] {
        let probes = min(probes, count)
        var scores = [Float](repeating: 0, count: count * count)
        scores.withUnsafeMutableBufferPointer { scores in
            let all = BlockScorer.rows(sonic, genre, 0..<count)
            BlockScorer.score(all, against: all, layout: layout, into: scores.baseAddress!, stride: count)
        }
        var selector = TopSelector(k: probes)
        return (0..<count).map { cluster in
            scores.withUnsafeMutableBufferPointer { scores in
                let row = scores.baseAddress! + cluster * count
                row[cluster] = .infinity
                return selector.select(row, count: count).map(\.index)
            }
        }
    }

    private static func best(_ scores: UnsafePointer<Float>, count: Int) -> Int32 {
        var best = 0
        for index in 1..<max(1, count) where scores[index] > scores[best] { best = index }
        return Int32(best)
    }
}
