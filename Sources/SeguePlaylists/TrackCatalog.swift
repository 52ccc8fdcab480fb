import Foundation
import SegueCore

/// The library tracks export may use, loaded on demand and kept: a night's playlists touch
/// a few thousand tracks, not the whole library, so neither time nor memory grows with it.
public final class TrackCatalog: @unchecked Sendable {
    private let source: any TrackSource
    private let lock = NSLock()
    /// nil marks an id known to be absent.
    private var cache: [Int64: TrackInfo?] = [:]
    /// Tracks excluded by each set of genre exclusions asked for tonight.
    private var excluded: [[String]: Set<Int64>] = [:]
    /// Rows asked of the source at once.
    static let batch = 500

    public init(source: any TrackSource) {
        self.source = source
    }

    /// The present tracks among `ids`, by id.
    public func tracks(_ ids: [Int64]) throws -> [Int64: TrackInfo] {
        lock.lock()
        defer { lock.unlock() }
        let missing = Array(Set(ids.filter { cache[$0] == nil }))
        for start in stride(from: 0, to: missing.count, by: Self.batch) {
            let chunk = Array(missing[start..<min(start + Self.batch, missing.count)])
            for id in chunk { cache[id] = .some(nil) }
            for track in try source.tracks(ids: chunk) { cache[track.id] = track }
        }
        var found: [Int64: TrackInfo] = [:]
        for id in ids {
            if let entry = cache[id], let track = entry { found[id] = track }
        }
        return found
    }

    /// Tracks of an artist named as a user would write it, those filed under the artist first,
    /// then those crediting it (featured), each most played first, then by id.
    public func tracks(ofArtist name: String) throws -> [TrackInfo] {
        let key = TrackInfo.artistKey(name)
        let credits = try source.artistCredits().filter { TrackInfo.artistKey($0) == key }
        let ids = try source.trackIDs(creditedTo: credits) + source.trackIDs(creditingArtistKey: MatchKey.make(name))
        return try tracks(ids).values.filter { $0.artistKeys.contains(key) || $0.artistKeys.contains(MatchKey.make(name)) }
            .sorted { ($0.artistKey == key ? 1 : 0, $0.plays, -$0.id) > ($1.artistKey == key ? 1 : 0, $1.plays, -$1.id) }
    }

    /// Tracks a genre exclusion leaves out: those carrying one of `genres` or a genre under
    /// it (`GenreFamily`) on the track, its album or its artist, and every track of an album
    /// whose tracks mostly carry one. Worked out once per set of genres.
    public func tracks(excludedByGenres genres: [String]) throws -> Set<Int64> {
        let wanted = Array(Set(genres)).sorted()
        guard !wanted.isEmpty else { return [] }
        lock.lock()
        defer { lock.unlock() }
        if let known = excluded[wanted] { return known }
        let names = try source.genreNames(), parents = try source.genreParents()
        let family = Set(wanted.flatMap { GenreFamily.members(of: $0, names: names, parents: parents) })
        let ids = Set(try source.trackIDs(excludedByGenres: family.sorted()))
        excluded[wanted] = ids
        return ids
    }

    /// The track at `path`, or the one whose path ends with it (a path relative to the music folder).
    public func track(atPath path: String) throws -> TrackInfo? {
        let found = try tracks(try source.trackIDs(path: path)).values
        return found.first { $0.path == path } ?? found.min { $0.id < $1.id }
    }

    /// Tracks with a genre equal or close (at least `floor`) to `genre`; best match, then
    /// most played, first. A track's leading genre weighs more than its later ones.
    public func tracks(ofGenre genre: String, index: any PlaylistIndex, floor: Double = 0.8) throws -> [TrackInfo] {
        let wanted = MatchKey.make(genre)
        // The library has far fewer genres than tracks: ask the index once per genre.
        var similarities: [String: Double] = [:]
        for name in try source.genreNames() {
            similarities[name] = MatchKey.make(name) == wanted ? 1 : index.genreSimilarity(name, genre)
        }
        let close = similarities.filter { $0.value >= floor - 0.05 }.map(\.key)
        guard !close.isEmpty else { return [] }
        return try tracks(try source.trackIDs(withGenres: close)).values.compactMap { track -> (TrackInfo, Double)? in
            let scores = track.genres.enumerated().map { position, tag in (similarities[tag] ?? 0) - 0.01 * Double(position) }
            guard let best = scores.max(), best >= floor - 0.05 else { return nil }
            return (track, best)
        }
        .sorted { ($0.1, $0.0.plays, -$0.0.id) > ($1.1, $1.0.plays, -$1.0.id) }
        .map(\.0)
    }
}
