import GRDB

/// What tonight's inputs ask of `segue-index`, decided from one pass over them:
/// - nothing, when the fingerprint of every input equals the stored one;
/// - an update, when the approximate index in place still describes every track it holds
///   (their features, genres, albums' and artists' genres and the settings are unchanged) and
///   tracks were only added, no more since the last rebuild than `maximumGrowth` of its size:
///   the new tracks are placed with the stored normalization, genre space and clusters, so
///   past that share those would be stale;
/// - otherwise a rebuild.
struct IndexPlan: Sendable {
    enum Action: Sendable {
        case upToDate, update, rebuild
    }

    /// Tracks an index may grow by through updates before a rebuild, as a share of its size then.
    static let maximumGrowth = 0.1

    let inputs: IndexInputs
    let genres: GenreSpace
    let reader: FeatureReader?
    let scan: InputScan
    /// Positions in `inputs.tracks` of the tracks to index, ascending.
    let indexed: [Int]
    let method: SearchMethod
    let digest: String
    let indexedDigest: String
    let action: Action
    /// The stored index's meta and tracks (empty without one).
    let storedMeta: [String: String]
    let storedIDs: [Int64]

    init(_ db: Database, store: IndexStore, settings: IndexSettings, force: Bool, exact: Bool) throws {
        reader = try FeatureReader(db, embeddings: settings.weight(of: .embedding) > 0)
        inputs = try store.loadInputs(db, features: reader)
        genres = GenreSpace(inputs: inputs, settings: settings)
        storedMeta = try store.meta(db)
        storedIDs = storedMeta[IndexMeta.digest] == nil ? [] : try store.ints(db, name: "track_ids")
        let hasGenres = genres.trackProfiles.map { !$0.isEmpty }
        var scan = try InputScan(db, reader: reader, inputs: inputs, hasGenres: hasGenres, storedIDs: storedIDs)
        indexed = scan.indexablePositions(hasGenres: hasGenres)
        method = settings.method(tracks: indexed.count, exact: exact)
        digest = inputs.digest(settings: settings, method: method, fingerprints: scan.all, members: nil)
        var indexedMask = [Bool](repeating: false, count: inputs.tracks.count)
        for position in indexed { indexedMask[position] = true }
        indexedDigest = inputs.digest(settings: settings, method: method, fingerprints: scan.indexable, members: indexedMask)
        if !force, storedMeta[IndexMeta.digest] == digest {
            action = .upToDate
        } else if !force, case .approximate = method, storedMeta[IndexMeta.search] == method.name,
                  scan.storedIntact, let rebuilt = storedMeta[IndexMeta.rebuiltTracks].flatMap(Int.init),
                  Double(indexed.count - rebuilt) <= Self.maximumGrowth * Double(rebuilt),
                  storedMeta[IndexMeta.indexedDigest] == Self.storedDigest(inputs, settings, method, scan, storedIDs) {
            action = .update
        } else {
            action = .rebuild
        }
        if action != .rebuild { scan.vectors = nil }
        self.scan = scan
    }

    /// The fingerprint of the stored index's tracks as they are tonight.
    private static func storedDigest(_ inputs: IndexInputs, _ settings: IndexSettings, _ method: SearchMethod,
                                     _ scan: InputScan, _ storedIDs: [Int64]) -> String {
        let stored = Set(storedIDs)
        return inputs.digest(settings: settings, method: method, fingerprints: scan.stored,
                             members: inputs.tracks.map { stored.contains($0.id) })
    }

    /// Positions in `inputs.tracks` of the indexed tracks the stored index lacks, ascending.
    var added: [Int] {
        let stored = Set(storedIDs)
        return indexed.filter { !stored.contains(inputs.tracks[$0].id) }
    }
}
