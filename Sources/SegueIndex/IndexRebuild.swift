import Foundation

/// A rebuild from scratch: the normalization, the genre space and (above `index.exact_below`)
/// the clusters are learned anew, every track's neighbours searched.
///
/// Memory grows linearly, about 0.9 KB a track: the plan's scan streams the vectors from the
/// database into the sound matrix (raw, then normalized in place here), the genre and
/// tempo/key matrices sit beside it, and the neighbour graph holds `index.neighbours` row
/// numbers a track. The window vectors of transitions are computed only while writing,
/// streamed again.
struct IndexRebuild {
    let plan: IndexPlan
    let settings: IndexSettings

    /// The matrices, from the vectors the plan's scan laid out and the genres it read.
    func spaces() -> IndexSpaces {
        let tracks = plan.inputs.tracks
        let rowIDs = plan.indexed.map { tracks[$0].id }
        let dimension = plan.reader?.dimension ?? 0
        guard let scanned = plan.scan.vectors else { preconditionFailure("a rebuild's plan keeps the scanned vectors") }
        let raw = scanned.raw, tempoKey = scanned.tempoKey, featureRows = scanned.featureRows
        precondition(raw.rows == rowIDs.count, "the scan laid out every track to index")
        let sonicSpace = SonicSpace(vectors: raw, rows: featureRows, dimension: dimension, settings: settings)
        var values = [Float](repeating: 0, count: dimension)
        for row in featureRows {
            for dim in 0..<dimension { values[dim] = raw[row, dim] }
            raw.row(row).update(repeating: 0)
            sonicSpace.transform(values, into: raw, row: row)
        }
        var rows = [Int?](repeating: nil, count: tracks.count)
        for (row, position) in plan.indexed.enumerated() { rows[position] = row }
        let embedding = plan.genres.embedding
        let genre = Matrix(rows: plan.indexed.count, minimumCols: max(1, embedding.axisCount))
        embedding.embed(plan.genres.trackProfiles, into: genre, rows: rows)
        let space = SimilaritySpace(
            trackIDs: rowIDs, sonic: raw, genre: genre,
            artists: ArtistRelations(artistIDs: plan.indexed.map { tracks[$0].artistID ?? -1 },
                                     similarArtists: settings.config.similarArtistBoost > 0 ? plan.inputs.similarArtists : []),
            model: settings.scoreModel)
        return IndexSpaces(space: space, tempoKey: tempoKey, sonicSpace: sonicSpace, embedding: embedding)
    }

    /// Searches the neighbours; `log` hears about the steps of the approximate search.
    func search(_ spaces: IndexSpaces, progress: @Sendable (Int) -> Void,
                log: (String) -> Void) throws(IndexError) -> (graph: NeighbourGraph, partition: IndexPartition?, candidates: Double) {
        let space = spaces.space
        let k = settings.config.neighbours
        guard case let .approximate(clusterSize, maximumClusters, probes) = plan.method else {
            return (NeighbourSearch.run(space: space, k: k, progress: progress), nil, 0)
        }
        let searchable = (0..<space.count).filter { space.hasSonic[$0] || space.hasGenre[$0] }
        let quantizer = try Quantizer.train(space, searchable: searchable, clusterSize: clusterSize, maximum: maximumClusters)
        log("clusters: \(quantizer.count) trained by k-means")
        var clusters = [Int32](repeating: -1, count: space.count)
        for (row, cluster) in zip(searchable, quantizer.assign(searchable, of: space)) { clusters[row] = cluster }
        let partition = ClusteredSearch.Partition(clusters: clusters, clusterCount: quantizer.count,
                                                  probes: quantizer.probes(probes, layout: BlockScorer.Layout(space)))
        log("clusters: \(searchable.count) tracks assigned, largest \(partition.members.map(\.count).max() ?? 0)")
        let found = ClusteredSearch.run(space: space, partition: partition, k: k, progress: progress)
        log("neighbours: \(Int(found.candidates)) candidates scored per track of \(space.count)")
        return (found.graph, IndexPartition(quantizer: quantizer, search: partition), found.candidates)
    }
}

/// The matrices of an index being built or updated, and how tracks were placed in them.
struct IndexSpaces {
    let space: SimilaritySpace
    let tempoKey: Matrix
    let sonicSpace: SonicSpace
    let embedding: GenreEmbedding
}

/// The clusters of an approximate index, stored with it.
struct IndexPartition {
    let quantizer: Quantizer
    let search: ClusteredSearch.Partition
}
