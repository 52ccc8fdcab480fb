import SegueIndex

/// A genre and every genre under it, as the library spells them: its children in the genre
/// tree (`genre_parents`, followed down), and the genres whose name begins or ends with it as
/// whole words ("christmas music" and "christmas carol" under "christmas", "progressive
/// rock" and "rock and roll" under "rock"), the implicit parents `segue-index` also reads.
public enum GenreFamily {
    /// The names among `names` (and among the tree's) in the family of `genre`.
    public static func members(of genre: String, names: [String], parents: [(genre: String, parent: String)]) -> [String] {
        let root = GenreName.normalize(genre)
        guard !root.isEmpty else { return [] }
        var children: [String: [String]] = [:]
        var spellings: [String: Set<String>] = [:]
        for (child, parent) in parents {
            children[GenreName.normalize(parent), default: []].append(GenreName.normalize(child))
            spellings[GenreName.normalize(child), default: []].insert(child)
        }
        for name in names { spellings[GenreName.normalize(name), default: []].insert(name) }
        let known = Array(spellings.keys)
        var family: Set<String> = [root]
        var queue = [root]
        while let next = queue.popLast() {
            let words = " " + next + " "
            let wider = (children[next] ?? []) + known.filter { name in
                let padded = " " + name + " "
                return padded.hasPrefix(words) || padded.hasSuffix(words)
            }
            for name in wider where family.insert(name).inserted { queue.append(name) }
        }
        return family.flatMap { spellings[$0].map(Array.init) ?? [$0] }.sorted()
    }
}
