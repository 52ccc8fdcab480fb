import Foundation
import SegueCore

/// The genre side of the index.
///
/// A track's genres come from three levels (its own tags, its album's, its artist's), each
/// level and each source weighted by configuration. Genres are related in two ways: through
/// the genre tree (a parent, or the shorter genre a name ends with, "progressive rock" →
/// "rock"; similarity `decay^steps` through the closest common ancestor) and through
/// co-occurrence in the library (cosine of the genres' weights over the tracks' combined
/// genres, shrunk when few tracks share them). The two combine as a probabilistic "or".
///
/// Tracks live in a space whose axes are the library's most common genres: each of a track's
/// genres counts towards every axis by its relatedness to it, which both smooths (post-punk
/// lends weight to new wave) and keeps the space small enough for exhaustive search.
struct GenreSpace {
    /// Canonical genre names, sorted; ids index this.
    let names: [String]
    /// Related genre pairs (both orders), similarity in 0...1.
    let relatedness: [UInt64: Float]
    let axes: [Int]
    /// Each present track's combined genre weights (genre id, weight), parallel to the inputs' tracks.
    let trackProfiles: [[(genre: Int, weight: Float)]]

    /// Related genres kept per genre in `genre_similarity`.
    static let keptPerGenre = 50
    static let minimumKept: Float = 0.05
    /// Genres a single artist, album or track contributes at most (the strongest).
    static let genresPerOwner = 20
    /// Documents two genres must share before their co-occurrence is trusted halfway.
    static let cooccurrenceShrink: Float = 2
    static let maximumDepth = 3

    init(inputs: IndexInputs, settings: IndexSettings) {
        let config = settings.config
        var allNames = Set<String>()
        for tags in [inputs.trackGenres, inputs.albumGenres, inputs.artistGenres] {
            for tag in tags { allNames.insert(GenreName.normalize(tag.genre)) }
        }
        let parentPairs = inputs.genreParents.map { (GenreName.normalize($0.genre), GenreName.normalize($0.parent)) }
        // A parent nobody is tagged with still relates its children.
        for (genre, parent) in parentPairs { allNames.formUnion([genre, parent]) }
        names = allNames.sorted()
        let ids = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })

        trackProfiles = Self.trackProfiles(inputs, ids: ids, config: config)

        let cooccurrence = Self.cooccurrence(trackProfiles, genreCount: names.count)
        let tree = Self.tree(names: names, ids: ids, parents: parentPairs, decay: Float(config.genreParentDecay))
        var related = cooccurrence
        for (pair, similarity) in tree {
            related[pair] = 1 - (1 - (related[pair] ?? 0)) * (1 - similarity)
        }
        relatedness = related

        var frequency = [Int](repeating: 0, count: names.count)
        for profile in trackProfiles { for entry in profile { frequency[entry.genre] += 1 } }
        axes = Array((0..<names.count).filter { frequency[$0] > 0 }
            .sorted { frequency[$0] != frequency[$1] ? frequency[$0] > frequency[$1] : $0 < $1 }
            .prefix(config.genreAxes))
    }

    static func key(_ a: Int, _ b: Int) -> UInt64 { UInt64(a) << 32 | UInt64(b) }

    /// Each present track's genres (ids into `ids`; unknown names are dropped) with their
    /// combined weights over the three levels.
    static func trackProfiles(_ inputs: IndexInputs, ids: [String: Int], config: IndexConfig) -> [[(genre: Int, weight: Float)]] {
        let byTrack = profiles(inputs.trackGenres, ids: ids, sources: config.genreSources)
        let byAlbum = profiles(inputs.albumGenres, ids: ids, sources: config.genreSources)
        let byArtist = profiles(inputs.artistGenres, ids: ids, sources: config.genreSources)
        let levels = config.genreLevels
        return inputs.tracks.map { track in
            var combined: [Int: Float] = [:]
            for (profile, weight) in [(byTrack[track.id], levels.track), (track.albumID.flatMap { byAlbum[$0] }, levels.album),
                                      (track.artistID.flatMap { byArtist[$0] }, levels.artist)] {
                guard let profile, weight > 0 else { continue }
                for entry in profile { combined[entry.genre, default: 0] += Float(weight) * entry.weight }
            }
            return combined.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map { (genre: $0.key, weight: $0.value) }
        }
    }

    func similarity(_ a: Int, _ b: Int) -> Float {
        a == b ? 1 : relatedness[Self.key(a, b)] ?? 0
    }

    /// Per owner (track, album or artist): genre weights, each source scaled to its own maximum
    /// (Last.fm counts to 100, MusicBrainz counts votes) times the source's trust, the best
    /// source winning per genre.
    static func profiles(_ tags: [IndexInputs.GenreTag], ids: [String: Int],
                         sources: IndexConfig.GenreSources) -> [Int64: [(genre: Int, weight: Float)]] {
        var result: [Int64: [(genre: Int, weight: Float)]] = [:]
        var start = 0
        while start < tags.count {
            var end = start
            while end < tags.count, tags[end].owner == tags[start].owner { end += 1 }
            let owned = tags[start..<end]
            var maxima: [String: Double] = [:]
            for tag in owned { maxima[tag.source] = max(maxima[tag.source] ?? 0, tag.weight) }
            var weights: [Int: Float] = [:]
            for tag in owned {
                guard let id = ids[GenreName.normalize(tag.genre)], let top = maxima[tag.source], top > 0, tag.weight > 0 else { continue }
                let weight = Float(tag.weight / top * sources.weight(of: tag.source))
                weights[id] = max(weights[id] ?? 0, weight)
            }
            let strongest = weights.filter { $0.value > 0 }
                .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                .prefix(genresPerOwner)
                .sorted { $0.key < $1.key }
            if !strongest.isEmpty {
                result[tags[start].owner] = strongest.map { (genre: $0.key, weight: $0.value) }
            }
            start = end
        }
        return result
    }

    static func cooccurrence(_ documents: [[(genre: Int, weight: Float)]], genreCount: Int) -> [UInt64: Float] {
        var squares = [Float](repeating: 0, count: genreCount)
        var products: [UInt64: (sum: Float, count: Float)] = [:]
        for document in documents {
            let norm = document.reduce(0) { $0 + $1.weight * $1.weight }.squareRoot()
            guard norm > 0 else { continue }
            for (index, first) in document.enumerated() {
                let a = first.weight / norm
                squares[first.genre] += a * a
                for second in document[(index + 1)...] {
                    let key = key(first.genre, second.genre)
                    let previous = products[key] ?? (0, 0)
                    products[key] = (previous.sum + a * second.weight / norm, previous.count + 1)
                }
            }
        }
        var result: [UInt64: Float] = [:]
        for (key, value) in products {
            let a = Int(key >> 32), b = Int(key & 0xffff_ffff)
            let cosine = value.sum / (squares[a] * squares[b]).squareRoot()
            let similarity = min(1, cosine * value.count / (value.count + cooccurrenceShrink))
            guard similarity > 0 else { continue }
            result[key] = similarity
            result[Self.key(b, a)] = similarity
        }
        return result
    }

    /// Similarity through the genre tree: `decay^(steps up from a + steps up from b)` to the
    /// closest common ancestor, a genre being its own ancestor at 0 steps.
    static func tree(names: [String], ids: [String: Int], parents: [(String, String)], decay: Float) -> [UInt64: Float] {
        guard decay > 0 else { return [:] }
        var parentIDs = [[Int]](repeating: [], count: names.count)
        for (genre, parent) in parents {
            guard let child = ids[genre], let up = ids[parent], child != up else { continue }
            parentIDs[child].append(up)
        }
        for (id, name) in names.enumerated() {
            if let up = GenreName.suffixes(of: name).lazy.compactMap({ ids[$0] }).first {
                parentIDs[id].append(up)
            }
        }
        var descendants: [Int: [(genre: Int, depth: Int)]] = [:]
        for genre in 0..<names.count {
            var depths: [Int: Int] = [genre: 0]
            var frontier = [genre]
            for depth in 1...maximumDepth {
                frontier = frontier.flatMap { parentIDs[$0] }.filter { depths[$0] == nil }
                for ancestor in frontier where depths[ancestor] == nil { depths[ancestor] = depth }
                if frontier.isEmpty { break }
            }
            for (ancestor, depth) in depths { descendants[ancestor, default: []].append((genre, depth)) }
        }
        var result: [UInt64: Float] = [:]
        for ancestor in descendants.keys.sorted() {
            let members = descendants[ancestor]!.sorted { $0.genre < $1.genre }
            guard members.count > 1 else { continue }
            for (index, first) in members.enumerated() {
                for second in members[(index + 1)...] {
                    let similarity = pow(decay, Float(first.depth + second.depth))
                    for key in [key(first.genre, second.genre), key(second.genre, first.genre)] where similarity > result[key] ?? 0 {
                        result[key] = similarity
                    }
                }
            }
        }
        return result
    }

    /// How each genre counts towards each axis: its relatedness to the axis genre (1 for the axis itself).
    var embedding: GenreEmbedding {
        let axisIndex = Dictionary(uniqueKeysWithValues: axes.enumerated().map { ($1, $0) })
        let rows = names.indices.map { genre in
            axes.enumerated().compactMap { axis, axisGenre -> (axis: Int, weight: Float)? in
                let similarity = axisIndex[genre] == axis ? 1 : self.similarity(genre, axisGenre)
                return similarity > 0 ? (axis, similarity) : nil
            }
        }
        return GenreEmbedding(names: names, axisCount: axes.count, rows: rows)
    }

    /// The strongest relations of every genre, both orders, for `genre_similarity`.
    func similarityTable() -> [(a: String, b: String, similarity: Float)] {
        var byGenre = [[(other: Int, similarity: Float)]](repeating: [], count: names.count)
        for (key, similarity) in relatedness where similarity >= Self.minimumKept {
            byGenre[Int(key >> 32)].append((Int(key & 0xffff_ffff), similarity))
        }
        var kept = Set<UInt64>()
        for (genre, list) in byGenre.enumerated() {
            let best = list.sorted { $0.similarity != $1.similarity ? $0.similarity > $1.similarity : $0.other < $1.other }
                .prefix(Self.keptPerGenre)
            for entry in best {
                kept.insert(Self.key(genre, entry.other))
                kept.insert(Self.key(entry.other, genre))
            }
        }
        return kept.sorted().map { key in
            let a = Int(key >> 32), b = Int(key & 0xffff_ffff)
            return (names[a], names[b], similarity(a, b))
        }
    }
}
