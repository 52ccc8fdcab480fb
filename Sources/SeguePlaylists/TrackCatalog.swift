import SegueCore

/// The library tracks export may use, by id, with the lookups seeds need.
public struct TrackCatalog: Sendable {
    public private(set) var tracks: [Int64: TrackInfo]
    private var byArtist: [String: [Int64]] = [:]

    public init(_ tracks: [TrackInfo]) {
        self.tracks = Dictionary(tracks.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for track in tracks {
            byArtist[track.artistKey, default: []].append(track.id)
        }
    }

    public subscript(id: Int64) -> TrackInfo? {
        tracks[id]
    }

    public var count: Int { tracks.count }

    /// Tracks of an artist named as a user would write it, most played first, then by id.
    public func tracks(ofArtist name: String) -> [TrackInfo] {
        let key = MatchKey.make(ArtistCredit(name).primary())
        return (byArtist[key] ?? []).compactMap { tracks[$0] }
            .sorted { ($0.plays, -$0.id) > ($1.plays, -$1.id) }
    }

    /// The track at `path`, or the one whose path ends with it (a path relative to the music folder).
    public func track(atPath path: String) -> TrackInfo? {
        if let exact = tracks.values.first(where: { $0.path == path }) { return exact }
        let suffix = path.hasPrefix("/") ? path : "/" + path
        return tracks.values.filter { $0.path.hasSuffix(suffix) }.min { $0.id < $1.id }
    }

    /// Tracks with a genre equal or close (at least `floor`) to `genre`; best match, then
    /// most played, first. A track's leading genre weighs more than its later ones.
    public func tracks(ofGenre genre: String, index: any PlaylistIndex, floor: Double = 0.8) -> [TrackInfo] {
        let wanted = MatchKey.make(genre)
        // The library has far fewer genres than tracks: ask the index once per genre.
        var similarities: [String: Double] = [:]
        func similarity(_ tag: String) -> Double {
            if let known = similarities[tag] { return known }
            let value = MatchKey.make(tag) == wanted ? 1 : index.genreSimilarity(tag, genre)
            similarities[tag] = value
            return value
        }
        return tracks.values.compactMap { track -> (TrackInfo, Double)? in
            let scores = track.genres.enumerated().map { position, tag in similarity(tag) - 0.01 * Double(position) }
            guard let best = scores.max(), best >= floor - 0.05 else { return nil }
            return (track, best)
        }
        .sorted { ($0.1, $0.0.plays, -$0.0.id) > ($1.1, $1.0.plays, -$1.0.id) }
        .map(\.0)
    }
}
