import SegueHTTP

/// A tag as a service gave it, before it is mapped into the vocabulary.
public struct RawTag: Sendable, Equatable {
    public var name: String
    public var count: Int

    public init(name: String, count: Int) {
        self.name = name
        self.count = count
    }

    /// `tags` and `genres` of a MusicBrainz entity, merged: a genre also carried as a tag
    /// counts once, with the higher count.
    static func musicbrainz(_ node: JSONNode) -> [RawTag] {
        var counts: [String: Int] = [:]
        var order: [String] = []
        for item in node["genres"].list + node["tags"].list {
            guard let name = item["name"].nonEmptyString else { continue }
            let count = item["count"].int ?? 1
            if let existing = counts[name] {
                counts[name] = max(existing, count)
            } else {
                counts[name] = count
                order.append(name)
            }
        }
        return order.map { RawTag(name: $0, count: counts[$0]!) }
    }
}
