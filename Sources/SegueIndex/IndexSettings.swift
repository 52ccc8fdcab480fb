import SegueCore

/// The configuration an index is built with: the `index.*` keys and the feature layout.
public struct IndexSettings: Sendable {
    /// Bump when the way the index is computed changes, so unchanged inputs still rebuild.
    static let algorithmVersion = 3

    public var config: IndexConfig
    public var groups: FeatureGroups

    public init(config: IndexConfig, groups: FeatureGroups = .standard) {
        self.config = config
        self.groups = groups
    }

    func weight(of family: FeatureGroups.Family) -> Double {
        let weights = config.groupWeights
        switch family {
        case .timbre: return weights.timbre
        case .rhythm: return weights.rhythm
        case .harmony: return weights.harmony
        case .loudness: return weights.loudness
        case .other: return weights.other
        case .embedding: return weights.embedding
        }
    }

    var scoreModel: ScoreModel {
        ScoreModel(sonicWeight: Float(config.sonicWeight), genreWeight: Float(config.genreWeight),
                   artistBoost: Float(config.similarArtistBoost))
    }

    /// Exact below `index.exact_below` indexed tracks or when asked for, approximate above.
    func method(tracks: Int, exact: Bool) -> SearchMethod {
        exact || tracks < config.exactBelow
            ? .exact : .approximate(clusterSize: config.approximate.clusterSize, clusters: config.approximate.clusters,
                                    probes: config.approximate.probes)
    }

    func addTo(_ digest: inout InputDigest) {
        let c = config
        for value in [c.sonicWeight, c.pcaVariance, c.clip, c.genreParentDecay, c.similarArtistBoost,
                      c.groupWeights.timbre, c.groupWeights.rhythm, c.groupWeights.harmony, c.groupWeights.loudness,
                      c.groupWeights.other, c.groupWeights.embedding, c.genreLevels.track, c.genreLevels.album, c.genreLevels.artist,
                      c.genreSources.file, c.genreSources.musicbrainz, c.genreSources.lastfm, c.genreSources.other,
                      c.transition.timbre, c.transition.tempo, c.transition.key] {
            digest.add(value)
        }
        digest.add(c.whiten ? 1 : 0)
        digest.add(c.neighbours)
        digest.add(c.genreAxes)
        for group in groups.groups {
            digest.add(group.family.rawValue)
            digest.add(group.range.lowerBound)
            digest.add(group.range.upperBound)
        }
    }
}
