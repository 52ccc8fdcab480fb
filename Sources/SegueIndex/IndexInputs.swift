/// Everything an index is built from, read in one go: the present tracks with their sonic
/// features, genres at three levels, and the optional genre tree and similar-artist lists.
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
    /// Parallel to `tracks`; nil without usable features.
    var features: [Features?]
    /// The feature-set version used; rows of other versions are left out.
    var featureVersion: Int?
    /// Rows left out because their vector had another version or length.
    var staleFeatures: Int
    var trackGenres: [GenreTag]
    var albumGenres: [GenreTag]
    var artistGenres: [GenreTag]
    /// (genre, parent) pairs, when the genres stage keeps a genre tree.
    var genreParents: [(genre: String, parent: String)]
    var similarArtists: [SimilarArtist]

    /// The fingerprint `segue-index` compares to decide whether anything changed.
    func digest(settings: IndexSettings) -> String {
        var digest = InputDigest()
        digest.add(IndexSettings.algorithmVersion)
        settings.addTo(&digest)
        digest.add(featureVersion ?? -1)
        for (track, features) in zip(tracks, features) {
            digest.add(track.id)
            digest.add(track.artistID ?? -1)
            digest.add(track.albumID ?? -1)
            guard let features else { digest.add(-1); continue }
            digest.add(features.vector)
            digest.add(features.segments ?? [])
            digest.add(features.bpm)
            digest.add(features.key)
            digest.add(features.mode)
        }
        for tags in [trackGenres, albumGenres, artistGenres] {
            digest.add(tags.count)
            for tag in tags {
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
        digest.add(similarArtists.count)
        for pair in similarArtists {
            digest.add(pair.artistID)
            digest.add(pair.similarID)
            digest.add(pair.match)
        }
        return digest.hex
    }
}
