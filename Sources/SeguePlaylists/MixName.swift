/// The name of a library mix: what characterises it, given once and then kept. Its leading
/// genre when one leads ("Library Mix (post-punk)"); else, or when another mix already has
/// that name, its sound: the tracks' typical tempo ("Library Mix (techno · driving · 128 BPM)",
/// "Library Mix (calm · 72 BPM)").
enum MixName {
    static func make(_ tracks: [TrackInfo], taken: Set<String>) -> String {
        let genre = dominantGenre(tracks)
        let sound = Self.sound(tracks)
        var options: [String] = []
        if let genre { options.append(genre) }
        if let genre, let sound { options.append("\(genre) · \(sound)") }
        if genre == nil, let sound { options.append(sound) }
        for option in options where !taken.contains(label(option)) { return label(option) }
        let base = label(options.last ?? "sound")
        var number = 2
        while taken.contains("\(base) \(number)") { number += 1 }
        return "\(base) \(number)"
    }

    private static func label(_ description: String) -> String {
        "Library Mix (\(description))"
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

    /// `driving · 128 BPM`: the median tempo of the tracks that have one, and a word for it.
    static func sound(_ tracks: [TrackInfo]) -> String? {
        let tempi = tracks.compactMap(\.bpm).filter { $0 > 0 }.sorted()
        guard !tempi.isEmpty else { return nil }
        let bpm = tempi[tempi.count / 2]
        let word = switch bpm {
        case ..<90: "calm"
        case ..<110: "easy"
        case ..<125: "upbeat"
        case ..<140: "driving"
        default: "fast"
        }
        return "\(word) · \(Int(bpm.rounded())) BPM"
    }
}
