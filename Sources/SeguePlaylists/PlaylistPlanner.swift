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
        /// What the user should act on: a seed that could not be read.
        var warnings: [String] = []
        /// Definitions not built tonight because their seeds could not be read: they keep
        /// last night's playlist.
        var unbuilt: [String] = []
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
            let fromFile = definition.seedPlaylist.map { seedPlaylistPaths($0, playlist: name, notices: &plan.notices) } ?? []
            let fromPlayer = request.serverSeedPaths[name] ?? []
            let problem = request.serverSeedProblems[name]
            let spec = try resolve(name: name, kind: .defined, artists: definition.seedArtists,
                                   trackPaths: definition.seedTracks + fromFile + fromPlayer, genres: definition.seedGenres,
                                   rules: definitionRules, notices: &plan.notices)
            if spec.seeds.isEmpty {
                if let problem {
                    plan.warnings.append("playlist '\(name)' skipped: \(problem)")
                    plan.unbuilt.append(name)
                } else {
                    plan.notices.append("playlist '\(name)' skipped: none of its seeds is in the library")
                }
            } else {
                if let problem { plan.warnings.append("playlist '\(name)': \(problem)") }
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
        if let from = request.pathFrom, let to = request.pathTo { return try path(from: from, to: to, request: request) }
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

    /// `--from A --to B`: a playlist that travels from one track to the other.
    private func path(from: String, to: String, request: ExportRequest) throws -> PlaylistSpec {
        guard let start = try catalog.track(atPath: from) else { throw PlaylistError.unknownSeed(flag: "--from", value: from) }
        guard let end = try catalog.track(atPath: to) else { throw PlaylistError.unknownSeed(flag: "--to", value: to) }
        var rules = config.defaults
        if let tracks = request.tracks { rules.tracks = tracks }
        return PlaylistSpec(name: "Segue - \(start.title) to \(end.title)", kind: .adhoc, seeds: [start.id, end.id],
                            pinned: [start.id, end.id], rules: rules, path: .init(from: start.id, to: end.id))
    }

    /// The entries of a definition's `seed_playlist`: each as resolved from the file's folder,
    /// else as written (a playlist made elsewhere names the track by the end of its path).
    private func seedPlaylistPaths(_ file: String, playlist: String, notices: inout [String]) -> [String] {
        let entries: [SeedPlaylistFile.Entry]
        do {
            entries = try SeedPlaylistFile.entries(at: file)
        } catch {
            notices.append("playlist '\(playlist)': seed_playlist \(file) cannot be read: \(error.localizedDescription)")
            return []
        }
        var paths: [String] = []
        var missing = 0
        for entry in entries {
            let spellings = [entry.resolved] + Self.shorterSuffixes(entry.written)
            if let track = spellings.lazy.compactMap({ (try? self.catalog.track(atPath: $0)) ?? nil }).first {
                paths.append(track.path)
            } else {
                missing += 1
            }
        }
        if missing > 0 { notices.append("playlist '\(playlist)': \(missing) of the \(entries.count) entries of \(file) are not in the library") }
        return paths
    }

    /// `Music/Artist/Album/01 Song.flac`, then without its leading folders down to
    /// `Artist/Album/01 Song.flac`: another machine's music folder differs in its start only.
    static func shorterSuffixes(_ written: String) -> [String] {
        var parts = written.split(separator: "/")
        var suffixes: [String] = []
        while !parts.isEmpty {
            suffixes.append(parts.joined(separator: "/"))
            guard parts.count > 3 else { break }
            parts.removeFirst()
        }
        return suffixes
    }

    /// Seed tracks for a playlist: named tracks (pinned), then from each artist its most played
    /// track and a few drawn at random, then a few drawn from each genre's strongest tracks.
    /// Several named tracks blend their neighbourhoods.
    private func resolve(name: String, kind: PlaylistSpec.Kind, artists: [String], trackPaths: [String], genres: [String],
                         rules: PlaylistsConfig.Rules, notices: inout [String]) throws -> PlaylistSpec {
        var generator = SplitMix64(seed: seeds.seed(for: name))
        var seedIDs: [Int64] = []
        var pinned: Set<Int64> = []
        var artistKeys: Set<String> = []
        var artistNames: [String] = []
        for path in trackPaths {
            guard let track = try catalog.track(atPath: path) else {
                notices.append("playlist '\(name)': seed track \(path) is not in the library")
                continue
            }
            guard pinned.insert(track.id).inserted else { continue }
            seedIDs.append(track.id)
            artistKeys.formUnion(track.artistKeys)
            artistNames.append(ArtistCredit(track.artist).primary())
        }
        for artist in artists {
            let tracks = try catalog.tracks(ofArtist: artist)
            guard let first = tracks.first else {
                notices.append("playlist '\(name)': seed artist '\(artist)' is not in the library")
                continue
            }
            // The named artist as the tracks credit it (it may be a guest on the first of them).
            artistKeys.insert([TrackInfo.artistKey(artist), MatchKey.make(artist)].first(where: first.artistKeys.contains) ?? first.artistKey)
            artistNames.append(ArtistCredit(artist).primary())
            seedIDs += Self.draw(tracks, count: Self.seedsPerName, keepFirst: first.plays > 0, generator: &generator)
        }
        for genre in genres {
            let tracks = Array(try catalog.tracks(ofGenre: genre, index: index).prefix(30))
            if tracks.isEmpty { notices.append("playlist '\(name)': no track has the genre '\(genre)'") }
            seedIDs += Self.draw(tracks, count: Self.seedsPerName, keepFirst: false, generator: &generator)
        }
        return PlaylistSpec(name: name, kind: kind, seeds: seedIDs, pinned: pinned, seedArtistKeys: artistKeys,
                            seedArtistNames: artistNames, seedGenres: genres, rules: rules, blend: pinned.count > 1)
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
                                seedArtistKeys: [key], seedArtistNames: [ArtistCredit(tracks[0].track.artist).primary()],
                                rules: rules)
        }
    }

    /// The library mixes (`LibraryClusters`), each seeded with its most played tracks (or its
    /// most typical ones) and favouring what is played. A mix is named once, by what
    /// characterises it (`MixName`), and keeps that name, and so its file and rotation memory.
    private func mixes(rules: PlaylistsConfig.Rules, notices: inout [String]) throws -> [PlaylistSpec] {
        guard config.libraryMixes > 0 else { return [] }
        let clusters = try LibraryClusters.load(store: store, k: config.libraryMixes, seed: Self.clusterSeed, dryRun: dryRun)
        guard !clusters.groups.isEmpty else {
            notices.append("fewer analysed tracks than library mixes: library mixes skipped")
            return []
        }
        // Only the tracks nearest each centre and the played ones are loaded: they are all a
        // mix can start from or fall back on.
        let plays = Dictionary(try store.plays(since: .distantPast).map { ($0.trackID, $0.plays) }, uniquingKeysWith: +)
        var names = Set(clusters.mixes.compactMap(\.name))
        return try zip(clusters.groups, clusters.mixes).map { group, mix in
            let byCentre = group.sorted { ($0.distance, $0.id) < ($1.distance, $1.id) }.map(\.id)
            let near = Array(byCentre.prefix(rules.tracks * 10))
            let playedIDs = group.map(\.id).filter { plays[$0] != nil }
                .sorted { (plays[$0]!, -$0) > (plays[$1]!, -$1) }.prefix(10)
            let known = try catalog.tracks(near + playedIDs)
            let tracks = near.compactMap { known[$0] }
            let played = playedIDs.compactMap { known[$0] }
            let name = mix.name ?? MixName.make(tracks, taken: names)
            if mix.name == nil {
                names.insert(name)
                if !dryRun { try store.nameMix(mix.id, name) }
            }
            var generator = SplitMix64(seed: seeds.seed(for: name))
            let seedIDs = Self.draw(Array((played.isEmpty ? tracks : played).prefix(10)), count: Self.seedsPerName,
                                    keepFirst: false, generator: &generator)
            return PlaylistSpec(name: name, kind: .mix, seeds: seedIDs, rules: rules, members: Set(byCentre),
                                fill: tracks.map(\.id), favourPlays: true)
        }
    }
}
