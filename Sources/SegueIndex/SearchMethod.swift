/// How a build searches the neighbours: all pairs, or the clusters of `ClusteredSearch`.
/// Part of the inputs' fingerprint, so changing it (or `--exact`) rebuilds.
enum SearchMethod: Equatable, Sendable {
    case exact
    case approximate(clusterSize: Int, clusters: Int, probes: Int)

    /// As `index_meta` records it.
    var name: String {
        switch self {
        case .exact: "exact"
        case .approximate: "approximate"
        }
    }

    func addTo(_ digest: inout InputDigest) {
        switch self {
        case .exact:
            digest.add(0)
        case let .approximate(clusterSize, clusters, probes):
            digest.add(1)
            digest.add(clusterSize)
            digest.add(clusters)
            digest.add(probes)
        }
    }
}
