/// What an index is built from, apart from the sonic features: the present tracks, genres at
/// three levels, and the optional genre tree and similar-artist lists. The features (1.5 KB a
/// track) are not held: `FeatureReader` streams them from the database, pass by pass.
struct IndexInputs: Sendable {
    struct Track: Sendable {
        var id: Int64
        var artistID: Int64?
        var albumID: Int64?
    }

    struct Features: Sendable {
        var vector: [Float]
        /// Beginning, middle and end vectors concatenated, each as long as `vector` or shorter:
        /// a window holds the track layout's leading values, and the values only a whole
        /// track has (the spread between its windows) follow in `vector` alone.
        var segments: [Float]?
        var bpm: Double?
        var key: String?
        var mode: String?

        /// Window 0 (beginning), 1 (middle) or 2 (end) in the layout of `vector`, the
        /// track-only values taken from the track.
        func segment(_ index: Int) -> ArraySlice<Float>? {
            guard let segments, segments.count % 3 == 0 else { return nil }
            let width = segments.count / 3
            guard width > 0, width <= vector.count else { return nil }
            return ArraySlice(segments[(index * width)..<((index + 1) * width)] + vector[width...])
        }
    }

    struct GenreTag: Sendable {
        /// The track, album or artist id.
        var owner: Int64
        var genre: String
        var weight: Double
        var source: String
    }

    struct SimilarArtist: Sendable {
        var artistID: Int64
        var similarID: Int64
        var match: Double
    }

    /// Present tracks (not missing), by id.
    var tracks: [Track]
    /// The feature-set version used; rows of other versions are left out.
    var featureVersion: Int?
    /// The length of that version's vectors (the most common one); rows of another length are left out.
    var featureDimension: Int
    var trackGenres: [GenreTag]
    var albumGenres: [GenreTag]
    var artistGenres: [GenreTag]
    /// (genre, parent) pairs, when the genres stage keeps a genre tree.
    var genreParents: [(genre: String, parent: String)]
    var similarArtists: [SimilarArtist]

    /// The fingerprint of everything `members` (positions in `tracks`; nil: all of them)
    /// depend on: the settings and search method, their tracks and features (`fingerprints`, summed over the
    /// same members), the genres of those tracks, of their albums and of their artists, the
    /// genre tree, and the similar-artist pairs among their artists. Equal fingerprints mean
    /// those tracks would be indexed alike.
    func digest(settings: IndexSettings, method: SearchMethod, fingerprints: TrackFingerprints, members: [Bool]?) -> String {
        var digest = InputDigest()
        digest.add(IndexSettings.algorithmVersion)
        settings.addTo(&digest)
        method.addTo(&digest)
        digest.add(featureVersion ?? -1)
        digest.add(featureDimension)
        fingerprints.addTo(&digest)
        var trackIDs: Set<Int64>?, albumIDs: Set<Int64>?, artistIDs: Set<Int64>?
        if let members {
            let kept = tracks.indices.filter { members[$0] }.map { tracks[$0] }
            trackIDs = Set(kept.map(\.id))
            albumIDs = Set(kept.compactMap(\.albumID))
            artistIDs = Set(kept.compactMap(\.artistID))
        }
        for (tags, owners) in [(trackGenres, trackIDs), (albumGenres, albumIDs), (artistGenres, artistIDs)] {
            let kept = owners.map { owners in tags.filter { owners.contains($0.owner) } } ?? tags
            digest.add(kept.count)
            for tag in kept {
                digest.add(tag.owner)
                digest.add(tag.genre)
                digest.add(tag.weight)
                digest.add(tag.source)
            }
        }
        digest.add(genreParents.count)
        for pair in genreParents {
            digest.add(pair.genre)
            digest.add(pair.parent)
        }
        let pairs = artistIDs.map { artists in
            similarArtists.filter { artists.contains($0.artistID) && artists.contains($0.similarID) }
        } ?? similarArtists
        digest.add(pairs.count)
        for pair in pairs {
            digest.add(pair.artistID)
            digest.add(pair.similarID)
            digest.add(pair.match)
        }
        return digest.hex
    }
}
