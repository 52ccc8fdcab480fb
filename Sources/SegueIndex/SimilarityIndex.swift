import Foundation
import GRDB
import SegueCore

/// The nightly similarity index, loaded lazily from the database for export.
///
/// Loading reads only the metadata and the row order (8 bytes a track). The neighbours of a
/// track come straight from the `neighbours` table. The sound and genre vectors (for seeds,
/// breakdowns and lists longer than stored) are read on first use, from the stored Float32
/// blobs into half precision: about 9 MB for 33,636 tracks. The segment and tempo/key rows
/// (for transitions) are read a track at a time, for the tracks asked about
/// (`TransitionRows`). Safe to share across threads.
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

    public func contains(_ trackID: Int64) -> Bool {
        row(of: trackID) != nil
    }

    /// The nearest tracks to one track, best first.
    public func neighbours(of trackID: Int64, limit: Int) -> [Neighbour] {
        guard limit > 0, row(of: trackID) != nil else { return [] }
        if limit <= storedNeighbours, let stored = try? storedNeighbours(of: trackID, limit: limit) {
            return stored
        }
        guard let space = space(), let row = row(of: trackID) else { return [] }
        var candidates: [(row: Int, breakdown: SimilarityBreakdown)] = []
        space.forEachRow(against: [space.probe(row)]) { other, sonic, genre in
            guard other != row else { return }
            candidates.append((other, model.breakdown(sonicCosine: Self.known(sonic[0]), genreCosine: Self.known(genre[0]),
                                                      match: space.artists.match(row, other))))
        }
        return candidates
            .sorted { $0.breakdown.score != $1.breakdown.score ? $0.breakdown.score > $1.breakdown.score : $0.row < $1.row }
            .prefix(limit)
            .map { Neighbour(trackID: trackIDs[$0.row], breakdown: $0.breakdown) }
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
        let seedRows = known.compactMap(row(of:))
        // Probe 0 is the centroid, then one per seed.
        let probes = [space.centroid(seedRows)] + seedRows.map(space.probe)
        let excluded = Set(seedRows)
        var scores = [Float](repeating: -.infinity, count: space.count)
        space.forEachRow(against: probes) { row, sonic, genre in
            guard !excluded.contains(row) else { return }
            var closestSeed = -Float.infinity, closestArtist: Float = 0
            for (index, seed) in seedRows.enumerated() {
                let match = space.artists.match(seed, row)
                closestArtist = max(closestArtist, match)
                closestSeed = max(closestSeed, model.score(sonicCosine: Self.known(sonic[index + 1]),
                                                           genreCosine: Self.known(genre[index + 1]), match: match))
            }
            let centroid = model.score(sonicCosine: Self.known(sonic[0]), genreCosine: Self.known(genre[0]), match: closestArtist)
            scores[row] = (centroid + closestSeed) / 2
        }
        var selector = TopSelector(k: limit)
        let best = scores.withUnsafeBufferPointer { selector.select($0.baseAddress!, count: $0.count) }
        let centroid = probes[0]
        return best.map { candidate in
            let row = Int(candidate.index)
            let other = space.probe(row)
            var breakdown = model.breakdown(sonicCosine: QuerySpace.cosine(centroid.sonic, other.sonic),
                                            genreCosine: QuerySpace.cosine(centroid.genre, other.genre),
                                            match: seedRows.map { space.artists.match($0, row) }.max() ?? 0)
            breakdown.score = Double(candidate.score)
            return Neighbour(trackID: trackIDs[row], breakdown: breakdown)
        }
    }

    /// How well `to` follows `from`: end segment of `from` against the beginning of `to`,
    /// tempo and key compatibility; in 0...1, higher is smoother. Nil when either is unknown.
    public func transitionScore(from: Int64, to: Int64) -> Transition? {
        guard let a = row(of: from), let b = row(of: to), let rows = transitionRows(),
              let first = rows.vectors(a), let second = rows.vectors(b),
              !TransitionRows.Vectors.isZero(first.end), !TransitionRows.Vectors.isZero(second.begin)
        else { return nil }
        return transitions.transition(
            endCosine: QuerySpace.dot(first.end, second.begin),
            bpm: (TempoKeyColumns.bpm(first.tempoKey), TempoKeyColumns.bpm(second.tempoKey)),
            keys: (TempoKeyColumns.key(first.tempoKey), TempoKeyColumns.key(second.tempoKey)))
    }

    /// Why two tracks are similar.
    public func similarity(_ a: Int64, _ b: Int64) -> SimilarityBreakdown {
        guard let rowA = row(of: a), let rowB = row(of: b), let space = space() else {
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

    private static func known(_ cosine: Float) -> Float? {
        cosine.isNaN ? nil : cosine
    }

    func row(of trackID: Int64) -> Int? {
        trackIDs.sortedIndex(of: trackID)
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




    func space() -> QuerySpace? {
        guard let artists = artists() else { return nil }
        return cache.space {
            try database.pool.read { db in
                guard let sonic = try MatrixBlob.open(db, name: "sonic").map(HalfMatrix.init),
                      let genre = try MatrixBlob.open(db, name: "genre").map(HalfMatrix.init),
                      sonic.rows == trackIDs.count, genre.rows == trackIDs.count
                else { return nil }
                return QuerySpace(trackIDs: trackIDs, sonic: sonic, genre: genre, artists: artists, model: model)
            }
        }
    }

    private func transitionRows() -> TransitionRows? {
        cache.transitions {
            try TransitionRows.open(path: database.path, rows: trackIDs.count)
        }
    }

    private func artists() -> ArtistRelations? {
        cache.artists {
            let store = IndexStore(database: database)
            return try database.pool.read { db in
                guard let blob = try Data.fetchOne(db, sql: "SELECT data FROM index_matrices WHERE name = 'artist_ids'") else {
                    return nil
                }
                let ids = Matrix.ints(fromBlob: blob)
                guard ids.count == trackIDs.count else { return nil }
                return ArtistRelations(artistIDs: ids, similarArtists: model.artistBoost > 0 ? try store.similarArtists(db) : [])
            }
        }
    }
}

/// Parts of the index read on first use, once, whichever thread asks first.
private final class LazyParts: @unchecked Sendable {
    private let lock = NSLock()
    private var loadedSpace: QuerySpace??
    private var loadedArtists: ArtistRelations??
    private var loadedTransitions: TransitionRows??

    func space(_ load: () throws -> QuerySpace?) -> QuerySpace? {
        once(&loadedSpace, load)
    }

    func artists(_ load: () throws -> ArtistRelations?) -> ArtistRelations? {
        once(&loadedArtists, load)
    }

    func transitions(_ load: () throws -> TransitionRows?) -> TransitionRows? {
        once(&loadedTransitions, load)
    }

    /// A failed load is remembered as nil: the index is read-only, a retry would fail alike.
    private func once<Value>(_ slot: inout Value??, _ load: () throws -> Value?) -> Value? {
        lock.lock()
        defer { lock.unlock() }
        if let slot { return slot }
        let value = try? load()
        slot = .some(value)
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
