import Foundation
import SegueCore

/// Decides tonight's playlists: the configured ones, one per top artist of the listening
/// history, the library mixes, or the one asked for on the command line, each with its
/// seeds resolved to tracks.
struct PlaylistPlanner {
    let config: PlaylistsConfig
    let catalog: TrackCatalog
    let index: any PlaylistIndex
    let store: PlaylistStore
    let now: Date
    let seeds: NightSeeds
    /// A dry run stores nothing, not even the clusters it computed.
    let dryRun: Bool
    /// Seeds taken from one artist or genre.
    static let seedsPerName = 3
    /// The library's clusters are the same every night, so mixes keep their character.
    static let clusterSeed: UInt64 = 0x5E67_E000

    struct Plan {
        var specs: [PlaylistSpec] = []
        var notices: [String] = []
    }

    func plan(_ request: ExportRequest) throws -> Plan {
        var plan = Plan()
        if request.isAdHoc {
            plan.specs.append(try adHoc(request))
            return plan
        }
        for definition in config.definitions {
            var definitionRules = definition.rules
            if let tracks = request.tracks { definitionRules.tracks = tracks }
            let name = definition.name
            let spec = try resolve(name: name, kind: .defined, artists: definition.seedArtists, trackPaths: definition.seedTracks,
                               genres: definition.seedGenres, rules: definitionRules, notices: &plan.notices)
            if spec.seeds.isEmpty {
                plan.notices.append("playlist '\(name)' skipped: none of its seeds is in the library")
            } else {
                plan.specs.append(spec)
            }
        }
        var rules = config.defaults
        if let tracks = request.tracks { rules.tracks = tracks }
        // A configured playlist keeps its name: a generated one of the same name gives way.
        for spec in try history(rules: rules, notices: &plan.notices) + mixes(rules: rules, notices: &plan.notices) {
            if plan.specs.contains(where: { $0.name == spec.name }) {
                plan.notices.append("'\(spec.name)' is defined in the config: the generated playlist of that name is skipped")
            } else {
                plan.specs.append(spec)
            }
        }
        return plan
    }

    private func adHoc(_ request: ExportRequest) throws -> PlaylistSpec {
        for artist in request.artists where try catalog.tracks(ofArtist: artist).isEmpty {
            throw PlaylistError.unknownSeed(flag: "--artist", value: artist)
        }
        for path in request.trackPaths where try catalog.track(atPath: path) == nil {
            throw PlaylistError.unknownSeed(flag: "--track", value: path)
        }
        for genre in request.genres where try catalog.tracks(ofGenre: genre, index: index).isEmpty {
            throw PlaylistError.unknownSeed(flag: "--genre", value: genre)
        }
        var rules = config.defaults
        if let tracks = request.tracks { rules.tracks = tracks }
        let titles = request.artists + request.trackPaths.map { ($0 as NSString).lastPathComponent } + request.genres
        var notices: [String] = []
        return try resolve(name: "Segue - " + titles.joined(separator: ", "), kind: .adhoc, artists: request.artists,
                       trackPaths: request.trackPaths, genres: request.genres, rules: rules, notices: &notices)
    }

    /// Seed tracks for a playlist: named tracks (pinned), then from each artist its most played
    /// track and a few drawn at random, then a few drawn from each genre's strongest tracks.
    private func resolve(name: String, kind: PlaylistSpec.Kind, artists: [String], trackPaths: [String], genres: [String],
                         rules: PlaylistsConfig.Rules, notices: inout [String]) throws -> PlaylistSpec {
        var generator = SplitMix64(seed: seeds.seed(for: name))
        var seedIDs: [Int64] = []
        var pinned: Set<Int64> = []
        var artistKeys: Set<String> = []
        for path in trackPaths {
            guard let track = try catalog.track(atPath: path) else {
                notices.append("playlist '\(name)': seed track \(path) is not in the library")
                continue
            }
            seedIDs.append(track.id)
            pinned.insert(track.id)
            artistKeys.insert(track.artistKey)
        }
        for artist in artists {
            let tracks = try catalog.tracks(ofArtist: artist)
            guard let first = tracks.first else {
                notices.append("playlist '\(name)': seed artist '\(artist)' is not in the library")
                continue
            }
            artistKeys.insert(first.artistKey)
            seedIDs += Self.draw(tracks, count: Self.seedsPerName, keepFirst: first.plays > 0, generator: &generator)
        }
        for genre in genres {
            let tracks = Array(try catalog.tracks(ofGenre: genre, index: index).prefix(30))
            if tracks.isEmpty { notices.append("playlist '\(name)': no track has the genre '\(genre)'") }
            seedIDs += Self.draw(tracks, count: Self.seedsPerName, keepFirst: false, generator: &generator)
        }
        return PlaylistSpec(name: name, kind: kind, seeds: seedIDs, pinned: pinned, seedArtistKeys: artistKeys,
                            seedGenres: genres, rules: rules)
    }

    /// `count` tracks: the first kept when asked, the others drawn at random.
    static func draw(_ tracks: [TrackInfo], count: Int, keepFirst: Bool, generator: inout SplitMix64) -> [Int64] {
        var pool = tracks.map(\.id)
        var drawn: [Int64] = []
        if keepFirst, !pool.isEmpty { drawn.append(pool.removeFirst()) }
        while drawn.count < count, !pool.isEmpty {
            drawn.append(pool.remove(at: Int(generator.next() % UInt64(pool.count))))
        }
        return drawn
    }

    /// One playlist per top artist of the last days: seeded with the artist's most played
    /// track and other well-played ones.
    private func history(rules: PlaylistsConfig.Rules, notices: inout [String]) throws -> [PlaylistSpec] {
        guard config.historyArtists > 0 else { return [] }
        guard try store.hasHistory() else {
            notices.append("no listening history yet: history playlists skipped")
            return []
        }
        let plays = try store.plays(since: now.addingTimeInterval(-Double(config.historyDays) * 86_400))
        var byArtist: [String: [(track: TrackInfo, plays: Int)]] = [:]
        var order: [String] = []
        let known = try catalog.tracks(plays.map(\.trackID))
        for (id, count) in plays {
            guard let track = known[id] else { continue }
            if byArtist[track.artistKey] == nil { order.append(track.artistKey) }
            byArtist[track.artistKey, default: []].append((track, count))
        }
        let top = order.sorted { a, b in
            let pa = byArtist[a]!.reduce(0) { $0 + $1.plays }, pb = byArtist[b]!.reduce(0) { $0 + $1.plays }
            return (pa, b) > (pb, a)
        }.prefix(config.historyArtists)
        return top.map { key in
            let tracks = byArtist[key]!
            let seedIDs = tracks.prefix(config.historySeeds).map(\.track.id)
            return PlaylistSpec(name: "From History - \(tracks[0].track.artist)", kind: .history, seeds: seedIDs,
                                seedArtistKeys: [key], rules: rules)
        }
    }

    /// The library split into coherent clusters of sound, largest first, each a mix seeded
    /// with its most played tracks (or its most typical ones) and favouring what is played.
    private func mixes(rules: PlaylistsConfig.Rules, notices: inout [String]) throws -> [PlaylistSpec] {
        guard config.libraryMixes > 0 else { return [] }
        let groups = try LibraryClusters.load(store: store, k: config.libraryMixes, seed: Self.clusterSeed, dryRun: dryRun).groups
        guard !groups.isEmpty else {
            notices.append("fewer analysed tracks than library mixes: library mixes skipped")
            return []
        }
        // Only the tracks nearest each centre and the played ones are loaded: they are all a
        // mix can start from or fall back on.
        let plays = Dictionary(try store.plays(since: .distantPast).map { ($0.trackID, $0.plays) }, uniquingKeysWith: +)
        return try groups.enumerated().map { number, group in
            let byCentre = group.sorted { ($0.distance, $0.id) < ($1.distance, $1.id) }.map(\.id)
            let near = Array(byCentre.prefix(rules.tracks * 10))
            let playedIDs = group.map(\.id).filter { plays[$0] != nil }
                .sorted { (plays[$0]!, -$0) > (plays[$1]!, -$1) }.prefix(10)
            let known = try catalog.tracks(near + playedIDs)
            let tracks = near.compactMap { known[$0] }
            let played = playedIDs.compactMap { known[$0] }
            let name = "Library Mix \(number + 1)" + (Self.dominantGenre(tracks).map { " (\($0))" } ?? "")
            var generator = SplitMix64(seed: seeds.seed(for: name))
            let seedIDs = Self.draw(Array((played.isEmpty ? tracks : played).prefix(10)), count: Self.seedsPerName,
                                    keepFirst: false, generator: &generator)
            return PlaylistSpec(name: name, kind: .mix, seeds: seedIDs, rules: rules, members: Set(byCentre),
                                fill: tracks.map(\.id), favourPlays: true)
        }
    }

    /// The leading genre of at least a fifth of the tracks, if one is.
    static func dominantGenre(_ tracks: [TrackInfo]) -> String? {
        var counts: [String: Int] = [:]
        for track in tracks {
            if let genre = track.genres.first { counts[genre, default: 0] += 1 }
        }
        guard let best = counts.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }), best.value * 5 >= tracks.count else { return nil }
        return best.key
    }
}
