import Foundation
import GRDB
import SegueCore

/// The nightly similarity index, loaded lazily from the database for export.
///
/// Loading reads only the metadata and the row order (8 bytes a track). The neighbours of a
/// track come straight from the `neighbours` table; the vectors are read on the first query
/// that needs them (seeds, breakdowns, longer lists than stored), and the segment and
/// tempo/key matrices on the first transition.
public final class SimilarityIndex: Sendable {
    /// Track ids present in the index, ascending.
    public let trackIDs: [Int64]
    let database: AppDatabase
    let model: ScoreModel
    let transitions: TransitionModel
    /// Neighbours stored per track.
    let storedNeighbours: Int
    private let cache = LazyParts()

    /// Loads the index `segue-index` built; throws when there is none.
    public static func load(database: AppDatabase) throws -> SimilarityIndex {
        let meta = try IndexStore(database: database).meta()
        guard meta[IndexMeta.digest] != nil else { throw IndexError.noIndex(path: database.path) }
        guard let models = IndexMeta.models(meta) else {
            throw IndexError.corrupt(path: database.path, reason: "index_meta lacks the model weights")
        }
        let ids: [Int64]
        do {
            ids = try database.pool.read { db in
                try Data.fetchOne(db, sql: "SELECT data FROM index_matrices WHERE name = 'track_ids'")
            }.map(Matrix.ints(fromBlob:)) ?? []
        } catch {
            throw IndexError.database(path: database.path, reason: "\(error)")
        }
        guard ids.count == Int(meta[IndexMeta.tracks] ?? "") else {
            throw IndexError.corrupt(path: database.path, reason: "track_ids does not match index_meta")
        }
        return SimilarityIndex(trackIDs: ids, database: database, model: models.score, transitions: models.transition,
                               storedNeighbours: models.neighbours)
    }

    init(trackIDs: [Int64], database: AppDatabase, model: ScoreModel, transitions: TransitionModel, storedNeighbours: Int) {
        self.trackIDs = trackIDs
        self.database = database
        self.model = model
        self.transitions = transitions
        self.storedNeighbours = storedNeighbours
    }

    /// The nearest tracks to one track, best first.
    public func neighbours(of trackID: Int64, limit: Int) -> [Neighbour] {
        guard limit > 0, row(of: trackID) != nil else { return [] }
        if limit <= storedNeighbours, let stored = try? storedNeighbours(of: trackID, limit: limit) {
            return stored
        }
        guard let space = space(), let row = space.row(of: trackID) else { return [] }
        let candidates = (0..<space.count).lazy.filter { $0 != row }.map { (row: $0, breakdown: space.breakdown(row, $0)) }
        return best(Array(candidates), limit: limit, space: space)
    }

    /// The nearest tracks to a set of seeds, best first: the mean of how close a track is to
    /// the seeds' centroid and to the closest seed, so it finds both what lies between the seeds
    /// and what lies near one of them. Seeds themselves are left out. The breakdown's parts
    /// are those against the centroid.
    public func neighbours(ofSeeds seeds: [Int64], limit: Int) -> [Neighbour] {
        guard limit > 0 else { return [] }
        let known = Set(seeds).filter { row(of: $0) != nil }.sorted()
        if known.count == 1 { return neighbours(of: known[0], limit: limit) }
        guard !known.isEmpty, let space = space() else { return [] }
        let seedRows = known.compactMap(space.row(of:))
        let centroidSonic = centroid(seedRows.filter { space.hasSonic[$0] }, of: space.sonic)
        let centroidGenre = centroid(seedRows.filter { space.hasGenre[$0] }, of: space.genre)
        let excluded = Set(seedRows)
        var candidates: [(row: Int, breakdown: SimilarityBreakdown)] = []
        candidates.reserveCapacity(space.count)
        for row in 0..<space.count where !excluded.contains(row) {
            let sonic = centroidSonic.flatMap { space.hasSonic[row] ? dot($0, space.sonic.row(row)) : nil }
            let genre = centroidGenre.flatMap { space.hasGenre[row] ? dot($0, space.genre.row(row)) : nil }
            let match = seedRows.map { space.match($0, row) }.max() ?? 0
            var breakdown = model.breakdown(sonicCosine: sonic, genreCosine: genre, match: match)
            let closestSeed = seedRows.map { space.breakdown($0, row).score }.max() ?? 0
            breakdown.score = (breakdown.score + closestSeed) / 2
            candidates.append((row, breakdown))
        }
        return best(candidates, limit: limit, space: space)
    }

    /// How well `to` follows `from`: end segment of `from` against the beginning of `to`,
    /// tempo and key compatibility; in 0...1, higher is smoother. Nil when either is unknown.
    public func transitionScore(from: Int64, to: Int64) -> Transition? {
        guard let a = row(of: from), let b = row(of: to), let parts = transitionParts(),
              !parts.end.isZero(row: a), !parts.begin.isZero(row: b)
        else { return nil }
        let cosine = dot(parts.end.row(a), parts.begin.row(b))
        return transitions.transition(
            endCosine: cosine,
            bpm: (TempoKeyColumns.bpm(in: parts.tempoKey, row: a), TempoKeyColumns.bpm(in: parts.tempoKey, row: b)),
            keys: (TempoKeyColumns.key(in: parts.tempoKey, row: a), TempoKeyColumns.key(in: parts.tempoKey, row: b)))
    }

    /// Why two tracks are similar.
    public func similarity(_ a: Int64, _ b: Int64) -> SimilarityBreakdown {
        guard let space = space(), let rowA = space.row(of: a), let rowB = space.row(of: b) else {
            return SimilarityBreakdown(score: 0, sonic: nil, genre: nil, artistBoost: 0)
        }
        return space.breakdown(rowA, rowB)
    }

    /// Similarity of two genres in 0...1, as stored in `genre_similarity`.
    public func genreSimilarity(_ a: String, _ b: String) -> Double {
        let a = GenreName.normalize(a), b = GenreName.normalize(b)
        if a == b { return 1 }
        return (try? database.pool.read { db in
            try Double.fetchOne(db, sql: "SELECT similarity FROM genre_similarity WHERE genre_a = ? AND genre_b = ?",
                                arguments: [a, b])
        }) ?? nil ?? 0
    }

    /// The genres most related to `genre`, best first, for explanations and filters.
    public func relatedGenres(_ genre: String, limit: Int = 10) -> [(genre: String, similarity: Double)] {
        let name = GenreName.normalize(genre)
        return (try? database.pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT genre_b, similarity FROM genre_similarity WHERE genre_a = ?
                ORDER BY similarity DESC, genre_b LIMIT ?
                """, arguments: [name, limit]).map { (genre: $0[0] as String, similarity: $0[1] as Double) }
        }) ?? []
    }

    // MARK: Helpers

    func row(of trackID: Int64) -> Int? {
        var low = 0, high = trackIDs.count
        while low < high {
            let mid = (low + high) / 2
            if trackIDs[mid] < trackID { low = mid + 1 } else { high = mid }
        }
        return low < trackIDs.count && trackIDs[low] == trackID ? low : nil
    }

    private func storedNeighbours(of trackID: Int64, limit: Int) throws -> [Neighbour] {
        try database.pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT neighbour_id, score, sonic_score, genre_score, artist_boost FROM neighbours
                WHERE track_id = ? ORDER BY rank LIMIT ?
                """, arguments: [trackID, limit]).map { row in
                Neighbour(trackID: row[0], breakdown: SimilarityBreakdown(score: row[1], sonic: row[2], genre: row[3], artistBoost: row[4]))
            }
        }
    }

    private func best(_ candidates: [(row: Int, breakdown: SimilarityBreakdown)], limit: Int,
                      space: SimilaritySpace) -> [Neighbour] {
        candidates
            .sorted { $0.breakdown.score != $1.breakdown.score ? $0.breakdown.score > $1.breakdown.score : $0.row < $1.row }
            .prefix(limit)
            .map { Neighbour(trackID: space.trackIDs[$0.row], breakdown: $0.breakdown) }
    }

    private func centroid(_ rows: [Int], of matrix: Matrix) -> [Float]? {
        guard !rows.isEmpty else { return nil }
        var sum = [Float](repeating: 0, count: matrix.cols)
        for row in rows { for (col, value) in matrix.row(row).enumerated() { sum[col] += value } }
        let norm = sum.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? sum.map { $0 / norm } : nil
    }

    private func dot(_ a: some Collection<Float>, _ b: some Collection<Float>) -> Float {
        zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
    }

    private func space() -> SimilaritySpace? {
        cache.space {
            let store = IndexStore(database: database)
            return try database.pool.read { db in
                guard let sonic = try Self.matrix(db, "sonic", rows: trackIDs.count),
                      let genre = try Self.matrix(db, "genre", rows: trackIDs.count),
                      let artists = try Data.fetchOne(db, sql: "SELECT data FROM index_matrices WHERE name = 'artist_ids'")
                else { return nil }
                let similar = model.artistBoost > 0 ? try store.similarArtists(db) : []
                return SimilaritySpace(trackIDs: trackIDs, sonic: sonic, genre: genre, artistIDs: Matrix.ints(fromBlob: artists),
                                       model: model, similarArtists: similar)
            }
        }
    }

    private func transitionParts() -> TransitionParts? {
        cache.transitions {
            try database.pool.read { db in
                guard let begin = try Self.matrix(db, "segment_begin", rows: trackIDs.count),
                      let end = try Self.matrix(db, "segment_end", rows: trackIDs.count),
                      let tempoKey = try Self.matrix(db, "tempo_key", rows: trackIDs.count)
                else { return nil }
                return TransitionParts(begin: begin, end: end, tempoKey: tempoKey)
            }
        }
    }

    private static func matrix(_ db: Database, _ name: String, rows: Int) throws -> Matrix? {
        guard let row = try Row.fetchOne(db, sql: "SELECT rows, cols, data FROM index_matrices WHERE name = ?", arguments: [name]),
              (row[0] as Int) == rows
        else { return nil }
        return Matrix(rows: row[0], cols: row[1], blob: row[2])
    }
}

/// The matrices a transition needs.
struct TransitionParts: Sendable {
    let begin: Matrix
    let end: Matrix
    let tempoKey: Matrix
}

/// Parts of the index read on first use, once, whichever thread asks first.
private final class LazyParts: @unchecked Sendable {
    private let lock = NSLock()
    private var loadedSpace: SimilaritySpace??
    private var loadedTransitions: TransitionParts??

    func space(_ load: () throws -> SimilaritySpace?) -> SimilaritySpace? {
        lock.lock()
        defer { lock.unlock() }
        if let loadedSpace { return loadedSpace }
        let value = try? load()
        loadedSpace = .some(value)
        return value
    }

    func transitions(_ load: () throws -> TransitionParts?) -> TransitionParts? {
        lock.lock()
        defer { lock.unlock() }
        if let loadedTransitions { return loadedTransitions }
        let value = try? load()
        loadedTransitions = .some(value)
        return value
    }
}

public struct Neighbour: Sendable, Equatable {
    public var trackID: Int64
    public var breakdown: SimilarityBreakdown

    public init(trackID: Int64, breakdown: SimilarityBreakdown) {
        self.trackID = trackID
        self.breakdown = breakdown
    }
}

public struct SimilarityBreakdown: Sendable, Equatable {
    public var score: Double
    /// Nil when either track has no sonic features.
    public var sonic: Double?
    /// Nil when either track has no genres.
    public var genre: Double?
    public var artistBoost: Double

    public init(score: Double, sonic: Double?, genre: Double?, artistBoost: Double) {
        self.score = score
        self.sonic = sonic
        self.genre = genre
        self.artistBoost = artistBoost
    }
}

public struct Transition: Sendable, Equatable {
    public var score: Double
    public var timbre: Double
    public var tempo: Double
    public var key: Double

    public init(score: Double, timbre: Double, tempo: Double, key: Double) {
        self.score = score
        self.timbre = timbre
        self.tempo = tempo
        self.key = key
    }
}
