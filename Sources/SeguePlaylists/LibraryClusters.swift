/// The library split into coherent groups of sound: k-means over the standardized sonic
/// feature vectors, fitted on an evenly strided sample and assigned in a second streaming
/// pass, so memory stays small whatever the library's size.
///
/// The groups are library mixes that last: a refit starts from last night's centres, and each
/// new group is matched to the mix whose members it mostly keeps (greedily, largest overlap
/// first), so a mix keeps its id and name while the library grows. A group that keeps no mix's
/// members becomes a new mix.
struct LibraryClusters {
    /// Tracks of each cluster with their squared distance to its centre, by mix id.
    var groups: [[(id: Int64, distance: Float)]]
    /// Each group's mix.
    var mixes: [LibraryMix]

    static let sampleSize = 4000
    /// The share of a mix's members (still in the library) a group must keep to carry it on.
    static let keptShare = 0.5

    /// The clusters of the analysed library: those stored by an earlier run when the features
    /// have not changed since, else refitted (and stored unless `dryRun`).
    static func load(store: PlaylistStore, k: Int, seed: UInt64, dryRun: Bool) throws -> LibraryClusters {
        let input = "\(try store.featureSignature())/k\(k)/\(seed)"
        let mixes = try store.mixes()
        if let stored = try store.storedClusters(input: input), stored.mixIDs.allSatisfy({ id in mixes.contains { $0.id == id } }) {
            return LibraryClusters(groups: stored.groups, mixes: stored.mixIDs.map { id in mixes.first { $0.id == id }! })
        }
        let previous = try store.storedClusters(input: nil)
        var clusters = try compute(store: store, k: k, seed: seed, previous: mixes.filter { mix in previous?.mixIDs.contains(mix.id) ?? false },
                                   previousGroups: previous)
        if !dryRun { clusters.mixes = try store.saveClusters(clusters.groups, mixes: clusters.mixes, input: input) }
        return clusters
    }

    static func compute(store: PlaylistStore, k: Int, seed: UInt64, previous: [LibraryMix] = [],
                        previousGroups: (mixIDs: [Int64], groups: [[(id: Int64, distance: Float)]])? = nil) throws -> LibraryClusters {
        let (count, dimensions) = try store.featureShape()
        guard count >= k, dimensions > 0 else { return LibraryClusters(groups: [], mixes: []) }
        let stride = max(1, count / sampleSize)
        var sums = [Double](repeating: 0, count: dimensions)
        var squares = [Double](repeating: 0, count: dimensions)
        var sample: [Float] = []
        var row = 0
        try store.forEachFeatureVector(dimensions: dimensions) { _, vector in
            for (d, value) in vector.enumerated() {
                sums[d] += Double(value)
                squares[d] += Double(value) * Double(value)
            }
            if row % stride == 0 { sample += vector }
            row += 1
        }
        let means = sums.map { Float($0 / Double(row)) }
        // A constant feature carries no information: scale 0 rather than a division by zero.
        let scales = zip(sums, squares).map { sum, square -> Float in
            let mean = sum / Double(row)
            let deviation = max(0, square / Double(row) - mean * mean).squareRoot()
            return deviation > 1e-9 ? Float(1 / deviation) : 0
        }
        func standardized(_ vector: [Float]) -> [Float] {
            zip(vector, zip(means, scales)).map { ($0 - $1.0) * $1.1 }
        }
        func raw(_ centre: [Float]) -> [Float] {
            zip(centre, zip(means, scales)).map { $1.1 > 0 ? $0 / $1.1 + $1.0 : $1.0 }
        }
        var standardizedSample: [Float] = []
        standardizedSample.reserveCapacity(sample.count)
        for start in Swift.stride(from: 0, to: sample.count, by: dimensions) {
            standardizedSample += standardized(Array(sample[start..<(start + dimensions)]))
        }
        let warm = previous.filter { $0.centroid.count == dimensions }
        let centres = KMeans(k: k, dimensions: dimensions).fit(standardizedSample, seed: seed, initial: warm.map { standardized($0.centroid) })
        var groups = [[(id: Int64, distance: Float)]](repeating: [], count: centres.count)
        try store.forEachFeatureVector(dimensions: dimensions) { id, vector in
            let (cluster, distance) = KMeans.nearest(standardized(vector), centres)
            groups[cluster].append((id, distance))
        }
        let found = groups.indices.filter { !groups[$0].isEmpty }
        let carried = match(found.map { Set(groups[$0].map(\.id)) }, to: previousGroups, among: Set(warm.map(\.id)))
        var mixes: [LibraryMix] = []
        var nextNew: Int64 = -1
        for (position, cluster) in found.enumerated() {
            if let id = carried[position], let mix = warm.first(where: { $0.id == id }) {
                mixes.append(LibraryMix(id: id, name: mix.name, centroid: raw(centres[cluster])))
            } else {
                mixes.append(LibraryMix(id: nextNew, name: nil, centroid: raw(centres[cluster])))
                nextNew -= 1
            }
        }
        // Lasting mixes in the order they were made; new ones after them, largest first.
        let order = found.indices.sorted { a, b in
            let (x, y) = (mixes[a], mixes[b])
            if (x.id > 0) != (y.id > 0) { return x.id > 0 }
            if x.id > 0 { return x.id < y.id }
            return (groups[found[a]].count, -groups[found[a]][0].id) > (groups[found[b]].count, -groups[found[b]][0].id)
        }
        return LibraryClusters(groups: order.map { groups[found[$0]] }, mixes: order.map { mixes[$0] })
    }

    /// For each new group, the previous mix it carries on, if any: pairs taken greedily by
    /// the number of shared tracks, each mix and group at most once, a pair only when the group
    /// keeps at least `keptShare` of the mix's members that are still in the library.
    static func match(_ groups: [Set<Int64>], to previous: (mixIDs: [Int64], groups: [[(id: Int64, distance: Float)]])?,
                      among mixIDs: Set<Int64>) -> [Int: Int64] {
        guard let previous else { return [:] }
        let present = groups.reduce(into: Set<Int64>()) { $0.formUnion($1) }
        var pairs: [(shared: Int, group: Int, mix: Int64)] = []
        for (mix, members) in zip(previous.mixIDs, previous.groups) where mixIDs.contains(mix) {
            let still = members.lazy.map(\.id).filter(present.contains)
            let stillCount = still.count
            guard stillCount > 0 else { continue }
            for (group, ids) in groups.enumerated() {
                let shared = still.filter(ids.contains).count
                if Double(shared) >= keptShare * Double(stillCount) { pairs.append((shared, group, mix)) }
            }
        }
        var result: [Int: Int64] = [:]
        var taken: Set<Int64> = []
        for pair in pairs.sorted(by: { ($0.shared, -$0.group, -$0.mix) > ($1.shared, -$1.group, -$1.mix) })
        where result[pair.group] == nil && !taken.contains(pair.mix) {
            result[pair.group] = pair.mix
            taken.insert(pair.mix)
        }
        return result
    }
}
