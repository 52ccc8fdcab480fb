/// Turns a source's tags into genre weights: tags mapped into the vocabulary (non-genres
/// dropped), counts of tags landing on the same genre added up, then divided by the
/// entity's strongest genre so every source weighs on the same 0…1 scale.
public struct GenreWeighting: Sendable {
    public let vocabulary: GenreVocabulary
    /// Weights below this are noise (a single stray vote among hundreds) and dropped.
    public let minWeight: Double

    public init(vocabulary: GenreVocabulary, minWeight: Double) {
        self.vocabulary = vocabulary
        self.minWeight = minWeight
    }

    public func weigh(_ tags: [RawTag]) -> [String: Double] {
        var counts: [String: Double] = [:]
        for tag in tags where tag.count > 0 {
            guard let genre = vocabulary.canonical(tag.name) else { continue }
            counts[genre, default: 0] += Double(tag.count)
        }
        return Self.normalize(counts, minWeight: minWeight)
    }

    /// Divides by the largest value and drops what falls below `minWeight`.
    public static func normalize(_ counts: [String: Double], minWeight: Double) -> [String: Double] {
        guard let top = counts.values.max(), top > 0 else { return [:] }
        return counts.compactMapValues { count in
            let weight = count / top
            return weight >= minWeight ? weight : nil
        }
    }
}
