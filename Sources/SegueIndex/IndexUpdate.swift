import Foundation
import GRDB

/// An update of an approximate index on a night that only added tracks: the new tracks are
/// normalized, placed in the genre space and assigned to clusters as stored at the last
/// rebuild, inserted into the matrices, and searched like the others. The stored neighbour
/// lists they enter are refreshed: a new track can enter the list of a track whose cluster
/// probes the new track's cluster, or of a track by a similar artist, and those are checked
/// against the last score of their list. The result is what a rebuild with the same clusters
/// would give; nothing else is recomputed.
struct IndexUpdate {
    let plan: IndexPlan
    let settings: IndexSettings
    let store: IndexStore

    struct Outcome {
        var indexed: Int
        var refreshed: Int
    }

    /// `beforeWrite` may stop the update (a signal) before anything is written.
    func run(log: (String) -> Void, beforeWrite: () throws(IndexError) -> Void) throws(IndexError) -> Outcome {
        let k = min(settings.config.neighbours, max(0, plan.indexed.count - 1))
        let update = try store.read { db in try Prepared(db, plan: plan, settings: settings, store: store, k: k) }
        log("update: \(update.added.count) tracks placed among \(update.space.count), "
            + "\(update.refreshed.count) stored lists they enter")
        let meta = IndexMeta.values(digest: plan.digest, indexedDigest: plan.indexedDigest, method: plan.method,
                                    featureVersion: plan.inputs.featureVersion, settings: settings,
                                    tracks: update.space.count,
                                    rebuiltTracks: plan.storedMeta[IndexMeta.rebuiltTracks].flatMap(Int.init) ?? update.space.count)
        try beforeWrite()
        try store.write(update, meta: meta)
        return Outcome(indexed: update.space.count, refreshed: update.refreshed.count)
    }

    /// Everything an update writes, computed in one read transaction.
    struct Prepared {
        let space: SimilaritySpace
        /// Rows of the new tracks in the new order, ascending.
        let added: [Int]
        /// Where each row of the stored index moved.
        let oldRows: [Int]
        /// The new tracks' rows of the matrices the search does not need: tempo/key and windows.
        let addedTempoKey: Matrix
        let addedBegin: Matrix
        let addedEnd: Matrix
        let clusters: [Int32]
        /// New lists: of every added row, and of the stored rows the new tracks enter.
        let lists: [Int: [Int]]
        let refreshed: [Int]

        init(_ db: Database, plan: IndexPlan, settings: IndexSettings, store: IndexStore, k: Int) throws {
            let tracks = plan.inputs.tracks
            let addedIDs = plan.added.map { tracks[$0].id }
            let ids = (plan.storedIDs + addedIDs).sorted()
            let newRow = { (id: Int64) in ids.sortedIndex(of: id)! }
            oldRows = plan.storedIDs.map(newRow)
            let added = addedIDs.map(newRow)
            self.added = added
            guard let sonicBlob = try MatrixBlob.open(db, name: "sonic"), let genreBlob = try MatrixBlob.open(db, name: "genre"),
                  let transformBlob = try MatrixBlob.open(db, name: "sonic_transform"),
                  let axesBlob = try MatrixBlob.open(db, name: "genre_axes"),
                  let centroidSonic = try MatrixBlob.open(db, name: "centroid_sonic"),
                  let centroidGenre = try MatrixBlob.open(db, name: "centroid_genre")
            else { throw IndexError.corrupt(path: store.database.path, reason: "the stored index lacks a matrix of its update") }
            let sonic = try Self.spread(sonicBlob, rows: ids.count, to: oldRows)
            let genre = try Self.spread(genreBlob, rows: ids.count, to: oldRows)
            let dimension = plan.reader?.dimension ?? 0
            guard let sonicSpace = SonicSpace(stored: try Self.whole(transformBlob), dimension: dimension,
                                              clip: Float(settings.config.clip))
            else { throw IndexError.corrupt(path: store.database.path, reason: "sonic_transform does not fit the features") }
            let names = try String.fetchAll(db, sql: "SELECT genre FROM index_genres ORDER BY position")
            let embedding = GenreEmbedding(names: names, axisCount: axesBlob.cols, matrix: try Self.whole(axesBlob))
            let quantizer = Quantizer(sonic: try Self.whole(centroidSonic), genre: try Self.whole(centroidGenre))

            // The new rows.
            let addedTempoKey = Matrix(rows: added.count, minimumCols: TempoKeyColumns.count)
            let addedBegin = Matrix(rows: added.count, minimumCols: sonic.cols)
            let addedEnd = Matrix(rows: added.count, minimumCols: sonic.cols)
            (self.addedTempoKey, self.addedBegin, self.addedEnd) = (addedTempoKey, addedBegin, addedEnd)
            if let reader = plan.reader {
                let features = Dictionary(uniqueKeysWithValues: zip(addedIDs, added.indices))
                try reader.forEach(db, ids: addedIDs.sorted(), segments: true) { trackID, found in
                    guard let found, let index = features[trackID] else { return }
                    sonicSpace.transform(found.vector, into: sonic, row: added[index])
                    sonicSpace.transform(found.segment(0) ?? found.vector[...], into: addedBegin, row: index)
                    sonicSpace.transform(found.segment(2) ?? found.vector[...], into: addedEnd, row: index)
                    TempoKeyColumns.write(bpm: found.bpm, key: CamelotKey(key: found.key, mode: found.mode),
                                          into: addedTempoKey, row: index)
                }
            }
            let storedGenres = embedding.ids
            let profiles = plan.added.map { position in
                plan.genres.trackProfiles[position].compactMap { entry in
                    storedGenres[plan.genres.names[entry.genre]].map { (genre: $0, weight: entry.weight) }
                }
            }
            embedding.embed(profiles, into: genre, rows: added)
            let catalog = tracks.map(\.id)
            let artistIDs = ids.map { id in catalog.sortedIndex(of: id).flatMap { tracks[$0].artistID } ?? -1 }
            let space = SimilaritySpace(
                trackIDs: ids, sonic: sonic, genre: genre,
                artists: ArtistRelations(artistIDs: artistIDs,
                                         similarArtists: settings.config.similarArtistBoost > 0 ? plan.inputs.similarArtists : []),
                model: settings.scoreModel)
            self.space = space

            // Clusters: the stored ones moved with their rows, the new tracks assigned.
            let storedClusters = try store.ints(db, name: "cluster_ids")
            guard storedClusters.count == oldRows.count else {
                throw IndexError.corrupt(path: store.database.path, reason: "cluster_ids does not match track_ids")
            }
            var clusters = [Int32](repeating: -1, count: ids.count)
            for (old, row) in oldRows.enumerated() { clusters[row] = Int32(storedClusters[old]) }
            let searchable = added.filter { space.hasSonic[$0] || space.hasGenre[$0] }
            for (row, cluster) in zip(searchable, quantizer.assign(searchable, of: space)) { clusters[row] = cluster }
            self.clusters = clusters
            let partition = ClusteredSearch.Partition(
                clusters: clusters, clusterCount: quantizer.count,
                probes: quantizer.probes(settings.config.approximate.probes, layout: BlockScorer.Layout(space)))
            var lists = Self.search(searchable, in: space, partition: partition, k: k)
            let entered = try Self.entered(db, by: searchable, in: space, partition: partition, k: k)
            refreshed = entered.keys.sorted()
            for row in refreshed { lists[row] = entered[row] }
            self.lists = lists
        }

        /// The lists of `rows`, by the clustered search.
        private static func search(_ rows: [Int], in space: SimilaritySpace, partition: ClusteredSearch.Partition,
                                   k: Int) -> [Int: [Int]] {
            var ranking = RowRanking(space: space, k: k)
            var lists: [Int: [Int]] = [:]
            for row in rows {
                let candidates = partition.candidates(of: Int(partition.clusters[row]))
                var scores = candidates.map { space.rankingScore(row, $0) }
                lists[row] = scores.withUnsafeMutableBufferPointer { scores in
                    ranking.best(for: row, scores: scores.baseAddress!, candidates: candidates).map(Int.init)
                }
            }
            return lists
        }

        /// The stored lists the new `rows` enter, merged: of the tracks in clusters that probe a
        /// new track's cluster, and of the tracks by artists similar to its, where the new track
        /// scores above the list's last.
        private static func entered(_ db: Database, by rows: [Int], in space: SimilaritySpace,
                                    partition: ClusteredSearch.Partition, k: Int) throws -> [Int: [Int]] {
            guard k > 0 else { return [:] }
            var probedBy = [[Int]](repeating: [], count: partition.members.count)
            for (cluster, probes) in partition.probes.enumerated() {
                for probe in probes { probedBy[Int(probe)].append(cluster) }
            }
            let new = Set(rows)
            var challengers: [Int: [(row: Int, score: Double)]] = [:]
            for row in rows {
                var others = probedBy[Int(partition.clusters[row])].flatMap { partition.members[$0] }
                if space.model.artistBoost > 0 { others += space.artists.boostedRows(for: row).map(\.row) }
                for other in Set(others) where !new.contains(other) && (space.hasSonic[other] || space.hasGenre[other]) {
                    challengers[other, default: []].append((row, space.breakdown(other, row).score))
                }
            }
            // The last score of each challenged list first (a list shorter than k takes anyone),
            // whole lists only where a new track enters.
            var floors: [Int64: Double] = [:]
            try ParameterSlices.forEach(challengers.keys.sorted().map { space.trackIDs[$0] }) { marks, ids in
                for entry in try Row.fetchAll(db, sql: "SELECT track_id, score FROM neighbours WHERE rank = ? AND track_id IN (\(marks))",
                                              arguments: [k] + StatementArguments(ids)) {
                    floors[entry[0]] = entry[1]
                }
            }
            var lists: [Int64: [(row: Int, score: Double)]] = [:]
            let changed = challengers.keys.filter { other in
                let floor = floors[space.trackIDs[other]] ?? -.infinity
                return challengers[other]!.contains { $0.score > floor }
            }.sorted()
            try ParameterSlices.forEach(changed.map { space.trackIDs[$0] }) { marks, ids in
                for entry in try Row.fetchAll(db, sql: """
                    SELECT track_id, neighbour_id, score FROM neighbours WHERE track_id IN (\(marks)) ORDER BY track_id, rank
                    """, arguments: StatementArguments(ids)) {
                    guard let row = space.row(of: entry[1]) else { continue }
                    lists[entry[0], default: []].append((row, entry[2]))
                }
            }
            var merged: [Int: [Int]] = [:]
            for other in changed {
                let floor = floors[space.trackIDs[other]] ?? -.infinity
                merged[other] = ((lists[space.trackIDs[other]] ?? []) + challengers[other]!.filter { $0.score > floor })
                    .sorted { $0.score != $1.score ? $0.score > $1.score : $0.row < $1.row }
                    .prefix(k).map(\.row)
            }
            return merged
        }

        /// A stored matrix read into a taller one, its rows moved to `rows`; the other rows zero.
        private static func spread(_ blob: MatrixBlob, rows count: Int, to rows: [Int]) throws -> Matrix {
            let matrix = Matrix(rows: count, minimumCols: blob.cols)
            var start = 0
            while start < rows.count {
                var end = start + 1
                while end < rows.count, rows[end] == rows[start] + (end - start) { end += 1 }
                try blob.read(rows: start..<end, into: matrix, at: rows[start])
                start = end
            }
            return matrix
        }

        private static func whole(_ blob: MatrixBlob) throws -> Matrix {
            let matrix = Matrix(rows: blob.rows, minimumCols: blob.cols)
            try blob.read(rows: 0..<blob.rows, into: matrix, at: 0)
            return matrix
        }
    }
}
