import Foundation
import Logging
import SegueCore

/// Builds the similarity index from the features and genres in the database, or does nothing
/// when the digest of its inputs matches the one of the index in place.
public struct IndexBuilder: Sendable {
    public let database: AppDatabase
    public let settings: IndexSettings
    /// Each step and its duration go to `debug` (`--verbose`).
    public let logger: Logger?
    /// Checked before the build and before the write: the index is written in one
    /// transaction, so a stop in between keeps the old index whole.
    public let cancellation: StageCancellation

    public init(database: AppDatabase, settings: IndexSettings, logger: Logger? = nil,
                cancellation: StageCancellation = StageCancellation()) {
        self.database = database
        self.settings = settings
        self.logger = logger
        self.cancellation = cancellation
    }

    /// - Parameters:
    ///   - force: rebuild even when the inputs are unchanged.
    ///   - dryRun: only tell whether a rebuild is due.
    ///   - progress: makes the reporter of a long step from its label and total.
    public func run(force: Bool = false, dryRun: Bool = false,
                    progress: (String, Int) -> ProgressReporter? = { _, _ in nil }) throws(IndexError) -> IndexReport {
        let store = IndexStore(database: database)
        let clock = Clock()
        let inputs = try store.loadInputs(embeddings: settings.weight(of: .embedding) > 0)
        let digest = inputs.digest(settings: settings)
        log(clock, "inputs: \(inputs.tracks.count) tracks, \(inputs.features.compactMap { $0 }.count) with features "
            + "(version \(inputs.featureVersion.map(String.init) ?? "none")), "
            + "\(inputs.trackGenres.count + inputs.albumGenres.count + inputs.artistGenres.count) genre tags, digest \(digest)")
        var report = IndexReport(digest: digest, staleFeatures: inputs.staleFeatures)
        if !force, try store.meta()[IndexMeta.digest] == digest {
            report.state = .upToDate
            return report
        }
        if dryRun {
            report.state = .wouldRebuild
            return report
        }
        try checkStop(tracks: inputs.tracks.count)
        let built = build(inputs, progress: progress)
        try checkStop(tracks: inputs.tracks.count)
        report.state = .rebuilt
        report.indexed = built.space.count
        report.withoutFeatures = built.space.hasSonic.filter { !$0 }.count
        report.withoutGenres = built.space.hasGenre.filter { !$0 }.count
        report.skipped = inputs.tracks.count - built.space.count
        report.genres = built.genreCount
        let meta = IndexMeta.values(digest: digest, featureVersion: inputs.featureVersion, settings: settings,
                                    tracks: built.space.count)
        try store.write(built, meta: meta)
        log(clock, "written: \(built.space.count) tracks, \(built.graph.rows.filter { $0 >= 0 }.count) neighbour rows, "
            + "\(built.genreSimilarity.count) genre pairs")
        return report
    }

    func build(_ inputs: IndexInputs, progress: (String, Int) -> ProgressReporter?) -> BuiltIndex {
        let clock = Clock()
        let genres = GenreSpace(inputs: inputs, settings: settings)
        log(clock, "genre space: \(genres.names.count) genres, \(genres.relatedness.count / 2) related pairs, \(genres.axes.count) axes")
        // A track with neither features nor genres has nothing to be compared by.
        let indexed = inputs.tracks.indices.filter { inputs.features[$0] != nil || !genres.trackProfiles[$0].isEmpty }
        var rows = [Int?](repeating: nil, count: inputs.tracks.count)
        for (row, track) in indexed.enumerated() { rows[track] = row }

        let vectors = indexed.compactMap { inputs.features[$0]?.vector }
        let sonicSpace = SonicSpace(vectors: vectors, settings: settings)
        let sonicWidth = max(1, sonicSpace.outputDimension)
        let sonic = Matrix(rows: indexed.count, minimumCols: sonicWidth)
        let begin = Matrix(rows: indexed.count, minimumCols: sonicWidth)
        let end = Matrix(rows: indexed.count, minimumCols: sonicWidth)
        let tempoKey = Matrix(rows: indexed.count, minimumCols: TempoKeyColumns.count)
        for (row, track) in indexed.enumerated() {
            guard let features = inputs.features[track] else { continue }
            sonicSpace.transform(features.vector, into: sonic, row: row)
            sonicSpace.transform(features.segment(0) ?? features.vector[...], into: begin, row: row)
            sonicSpace.transform(features.segment(2) ?? features.vector[...], into: end, row: row)
            TempoKeyColumns.write(bpm: features.bpm, key: CamelotKey(key: features.key, mode: features.mode),
                                  into: tempoKey, row: row)
        }
        let genre = Matrix(rows: indexed.count, minimumCols: max(1, genres.axes.count))
        genres.embed(into: genre, rows: rows)
        log(clock, "sonic space: \(vectors.count) vectors, \(sonicSpace.dimension) dimensions → \(sonicSpace.outputDimension)")

        let space = SimilaritySpace(
            trackIDs: indexed.map { inputs.tracks[$0].id }, sonic: sonic, genre: genre,
            artists: ArtistRelations(artistIDs: indexed.map { inputs.tracks[$0].artistID ?? -1 },
                                     similarArtists: settings.config.similarArtistBoost > 0 ? inputs.similarArtists : []),
            model: settings.scoreModel)
        let reporter = progress("neighbours", indexed.count)
        let graph = NeighbourSearch.run(space: space, k: settings.config.neighbours) { reporter?.advance(by: $0) }
        reporter?.finish()
        log(clock, "neighbours: \(graph.k) per track, exhaustive over \(indexed.count) tracks")
        return BuiltIndex(space: space, graph: graph,
                          matrices: [("sonic", sonic), ("genre", genre), ("segment_begin", begin),
                                     ("segment_end", end), ("tempo_key", tempoKey)],
                          genreSimilarity: genres.similarityTable(), genreCount: genres.names.count)
    }

    private func checkStop(tracks: Int) throws(IndexError) {
        do {
            try cancellation.check(committed: 0, of: tracks, "tracks")
        } catch {
            throw .interrupted(error)
        }
    }

    /// Logs a step with the time since the previous one.
    private func log(_ clock: Clock, _ message: @autoclosure () -> String) {
        logger?.debug("\(message()) (\(String(format: "%.2f", clock.lap())) s)")
    }

    /// Time between successive steps.
    private final class Clock {
        private var last = Date()

        func lap() -> Double {
            let now = Date()
            defer { last = now }
            return now.timeIntervalSince(last)
        }
    }
}

/// A freshly computed index, ready to be written.
struct BuiltIndex {
    let space: SimilaritySpace
    let graph: NeighbourGraph
    let matrices: [(String, Matrix)]
    let genreSimilarity: [(a: String, b: String, similarity: Float)]
    let genreCount: Int
}

/// What a run of the builder did.
public struct IndexReport: Sendable {
    public enum State: String, Sendable {
        case upToDate, wouldRebuild, rebuilt
    }

    public var state: State = .upToDate
    public var digest: String
    public var indexed = 0
    public var withoutFeatures = 0
    public var withoutGenres = 0
    /// Present tracks with neither features nor genres, left out.
    public var skipped = 0
    /// Feature rows of another version or length, left out.
    public var staleFeatures: Int
    public var genres = 0

    public var summary: String {
        switch state {
        case .upToDate:
            "index is up to date"
        case .wouldRebuild:
            "inputs changed; the index would be rebuilt (dry run)"
        case .rebuilt:
            "\(indexed) tracks indexed (\(withoutFeatures) without features, \(withoutGenres) without genres, "
                + "\(skipped) with neither left out), \(genres) genres"
        }
    }

    public var counts: [(String, Int)] {
        [("indexed", indexed), ("without_features", withoutFeatures), ("without_genres", withoutGenres),
         ("skipped", skipped), ("stale_features", staleFeatures), ("genres", genres)]
    }
}
