import Foundation

/// The `index_meta` rows: the input digest that makes reruns no-ops, and the weights the
/// index was built with, which queries must use to score as the build did.
enum IndexMeta {
    static let digest = "digest"
    static let builtAt = "built_at"
    static let featureVersion = "feature_version"
    static let tracks = "tracks"
    static let neighbours = "neighbours"
    static let sonicWeight = "sonic_weight"
    static let genreWeight = "genre_weight"
    static let artistBoost = "similar_artist_boost"
    static let transitionTimbre = "transition_timbre"
    static let transitionTempo = "transition_tempo"
    static let transitionKey = "transition_key"
    static let algorithm = "algorithm_version"
    /// The fingerprint of what the indexed tracks depend on, to tell a night that only added tracks.
    static let indexedDigest = "indexed_digest"
    /// `exact` or `approximate`.
    static let search = "search"
    /// Tracks at the last rebuild, and tracks added since by updates.
    static let rebuiltTracks = "rebuilt_tracks"
    static let addedTracks = "added_tracks"

    static func values(digest: String, indexedDigest: String, method: SearchMethod, featureVersion: Int?,
                       settings: IndexSettings, tracks: Int, rebuiltTracks: Int) -> [String: String] {
        let config = settings.config
        return [
            Self.digest: digest,
            Self.indexedDigest: indexedDigest,
            search: method.name,
            Self.rebuiltTracks: String(rebuiltTracks),
            addedTracks: String(tracks - rebuiltTracks),
            builtAt: ISO8601DateFormatter().string(from: Date()),
            Self.featureVersion: featureVersion.map(String.init) ?? "",
            Self.tracks: String(tracks),
            neighbours: String(config.neighbours),
            sonicWeight: String(config.sonicWeight),
            genreWeight: String(config.genreWeight),
            artistBoost: String(config.similarArtistBoost),
            transitionTimbre: String(config.transition.timbre),
            transitionTempo: String(config.transition.tempo),
            transitionKey: String(config.transition.key),
            algorithm: String(IndexSettings.algorithmVersion),
        ]
    }

    /// The models stored with an index; nil when a value is missing or unreadable.
    static func models(_ meta: [String: String]) -> (score: ScoreModel, transition: TransitionModel, neighbours: Int)? {
        func number(_ key: String) -> Double? { meta[key].flatMap(Double.init) }
        guard let sonic = number(sonicWeight), let genre = number(genreWeight), let boost = number(artistBoost),
              let timbre = number(transitionTimbre), let tempo = number(transitionTempo), let key = number(transitionKey),
              let k = meta[neighbours].flatMap(Int.init)
        else { return nil }
        return (ScoreModel(sonicWeight: Float(sonic), genreWeight: Float(genre), artistBoost: Float(boost)),
                TransitionModel(timbreWeight: timbre, tempoWeight: tempo, keyWeight: key), k)
    }
}
