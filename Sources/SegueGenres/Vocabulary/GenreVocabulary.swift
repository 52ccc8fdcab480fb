import Foundation

/// The one genre vocabulary every source is mapped into: the MusicBrainz genre list as the
/// whitelist (widened by the names of beets' genre list that MusicBrainz lacks under any
/// spelling, such as "minimal" or "neoclassical", so files' own genres are not lost), beets'
/// aliases for spelling variants, a few of Segue's own synonyms, and the broader/narrower
/// relation of beets' genres tree.
///
/// A tag is looked up as written, then through the synonyms and aliases, then by its
/// "compact" spelling (letters and digits only, `&` read as "and"), so `Synthpop`,
/// `synth pop` and `synth-pop` all land on `synth-pop`. Anything else is not a genre
/// (`seen live`, `80s`, `favourites`, `british`) and is dropped, unless configured as an
/// extra tag.
public struct GenreVocabulary: Sendable {
    public let genres: Set<String>
    /// Names taken as written before any synonym applies: MusicBrainz's and the configured ones.
    private let primary: Set<String>
    /// Child → parents, restricted to genres of the vocabulary.
    public let parents: [String: [String]]
    private let compact: [String: String]
    private let aliases: [(pattern: NSRegularExpression, template: String)]

    /// Synonyms beets' aliases miss; keys in compact spelling.
    static let synonyms: [String: String] = [
        "rap": "hip hop", "hiphop": "hip hop", "hiphoprap": "hip hop", "raphiphop": "hip hop",
        "drumnbass": "drum and bass", "drumandbass": "drum and bass", "dnb": "drum and bass",
        "rnb": "r&b", "randb": "r&b", "rhythmandblues": "r&b",
        "edm": "electronic dance music",
        "alt rock": "alternative rock", "altrock": "alternative rock", "altcountry": "alt-country",
        "rocknroll": "rock and roll", "rockandroll": "rock and roll",
        "classical music": "classical", "classicalmusic": "classical",
        "soundtracks": "soundtrack", "ost": "soundtrack", "filmscore": "film score",
    ]

    public static let standard = GenreVocabulary(extraTags: [])

    public init(extraTags: [String]) {
        let configured = extraTags.map(Self.clean)
        let musicbrainz = Set(GenreVocabularyData.genres.split(separator: "\n").map(String.init))
        let others = GenreVocabularyData.extraGenres.split(separator: "\n").map(String.init) + configured
        genres = musicbrainz.union(others)
        primary = musicbrainz.union(configured)
        // MusicBrainz's spelling wins a compact key; keys two of its names share lead nowhere.
        var compact: [String: String] = [:]
        var ambiguous: Set<String> = []
        for genre in musicbrainz {
            let key = Self.compactKey(genre)
            if let other = compact[key], other != genre { ambiguous.insert(key) }
            compact[key] = genre
        }
        for key in ambiguous { compact[key] = nil }
        for genre in others where compact[Self.compactKey(genre)] == nil && !ambiguous.contains(Self.compactKey(genre)) {
            compact[Self.compactKey(genre)] = genre
        }
        self.compact = compact
        aliases = GenreVocabularyData.aliases.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: "\t", maxSplits: 1).map(String.init)
            guard parts.count == 2, let regex = try? NSRegularExpression(pattern: "^(?:\(parts[0]))$") else { return nil }
            return (regex, parts[1])
        }
        var parents: [String: [String]] = [:]
        for line in GenreVocabularyData.parents.split(separator: "\n") {
            let parts = line.split(separator: "\t", maxSplits: 1).map(String.init)
            guard parts.count == 2, genres.contains(parts[0]), genres.contains(parts[1]) else { continue }
            parents[parts[0], default: []].append(parts[1])
        }
        self.parents = parents
    }

    /// The vocabulary's name for `tag`, or nil when it is not a genre.
    public func canonical(_ tag: String) -> String? {
        let cleaned = Self.clean(tag)
        guard !cleaned.isEmpty else { return nil }
        if primary.contains(cleaned) { return cleaned }
        let key = Self.compactKey(cleaned)
        if let synonym = Self.synonyms[key] ?? Self.synonyms[cleaned], genres.contains(synonym) { return synonym }
        let range = NSRange(cleaned.startIndex..., in: cleaned)
        for alias in aliases where alias.pattern.firstMatch(in: cleaned, range: range) != nil {
            let replaced = alias.pattern.stringByReplacingMatches(in: cleaned, range: range, withTemplate: alias.template)
            if genres.contains(replaced) { return replaced }
            if let found = compact[Self.compactKey(replaced)] { return found }
        }
        if let found = compact[key] { return found }
        // "Ambient Music", "Country Music": the genre with a word that adds nothing.
        if cleaned.hasSuffix(" music") { return canonical(String(cleaned.dropLast(" music".count))) }
        return nil
    }

    /// The genres in a raw tag text such as a file's `Rock; Pop/Rock` or `Hip-Hop/Rap`:
    /// the whole text when it names a genre, else each part split at `; , / |`.
    public func genres(inTagText text: String) -> [String] {
        if let whole = canonical(text) { return [whole] }
        var found: [String] = []
        for part in text.split(whereSeparator: { ";,/|\u{0}".contains($0) }) {
            if let genre = canonical(String(part)), !found.contains(genre) { found.append(genre) }
        }
        return found
    }

    /// Lower case, single spaces, typographic apostrophes and dashes made plain.
    static func clean(_ tag: String) -> String {
        let lowered = tag.lowercased()
            .replacingOccurrences(of: "\u{2019}", with: "'")
            .replacingOccurrences(of: "\u{2010}", with: "-")
            .replacingOccurrences(of: "\u{2013}", with: "-")
        return lowered.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Letters and digits only, `&` and `'n'` read as "and": `Synth-Pop` → `synthpop`.
    static func compactKey(_ text: String) -> String {
        let spelled = text.replacingOccurrences(of: "'n'", with: "and").replacingOccurrences(of: "&", with: "and")
        return String(String.UnicodeScalarView(spelled.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }))
    }
}
