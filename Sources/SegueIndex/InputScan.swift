import GRDB

/// The first pass over the features: which tracks have usable ones, and the fingerprints of
/// all present tracks, of the tracks the index will hold, and of those the stored index holds,
/// from which `IndexPlan` tells "nothing changed", "tracks were only added" and "rebuild";
/// the vectors of the tracks to index are laid out meanwhile, for a rebuild.
struct InputScan: Sendable {
    /// Per present track (positions in `IndexInputs.tracks`): features of the version and
    /// length in use, all finite.
    var usable: [Bool]
    /// Rows left out for another version or length, or a value that is not finite.
    var stale: Int
    var all: TrackFingerprints
    /// Over the tracks to index: those with usable features or genres.
    var indexable: TrackFingerprints
    /// Over the tracks of the stored index.
    var stored: TrackFingerprints
    /// Every track of the stored index is still present and indexable.
    var storedIntact: Bool
    /// Nil once the plan knows no rebuild needs them.
    var vectors: ScannedVectors?

    /// - Parameters:
    ///   - hasGenres: per present track, whether it has genres.
    ///   - storedIDs: the tracks of the stored index, ascending.
    init(_ db: Database, reader: FeatureReader?, inputs: IndexInputs, hasGenres: [Bool], storedIDs: [Int64]) throws {
        let tracks = inputs.tracks
        var usable = [Bool](repeating: false, count: tracks.count)
        var stale = reader?.rowsOfOtherShapes ?? 0
        var all = TrackFingerprints(), indexable = TrackFingerprints(), stored = TrackFingerprints()
        var storedIntact = true
        var vectors = ScannedVectors(tracks: tracks.count, dimension: reader?.dimension ?? 0)
        var position = 0, storedPosition = 0
        // Tracks and feature rows both come in ascending id: walk them side by side.
        func advance(upTo trackID: Int64?, features: IndexInputs.Features?) {
            while position < tracks.count, trackID.map({ tracks[position].id <= $0 }) ?? true {
                let track = tracks[position]
                let own = track.id == trackID ? features : nil
                usable[position] = own != nil
                all.add(track, own)
                let isIndexable = usable[position] || hasGenres[position]
                if isIndexable {
                    indexable.add(track, own)
                    vectors.append(own)
                }
                while storedPosition < storedIDs.count, storedIDs[storedPosition] < track.id {
                    storedIntact = false
                    storedPosition += 1
                }
                if storedPosition < storedIDs.count, storedIDs[storedPosition] == track.id {
                    stored.add(track, own)
                    if !isIndexable { storedIntact = false }
                    storedPosition += 1
                }
                position += 1
            }
        }
        try reader?.forEach(db, segments: true) { trackID, features in
            if features == nil { stale += 1 }
            advance(upTo: trackID, features: features)
        }
        advance(upTo: nil, features: nil)
        if storedPosition < storedIDs.count { storedIntact = false }
        self.usable = usable
        self.stale = stale
        self.all = all
        self.indexable = indexable
        self.stored = stored
        self.storedIntact = storedIntact
        vectors.trim()
        self.vectors = vectors
    }

    /// Positions of the tracks to index, ascending.
    func indexablePositions(hasGenres: [Bool]) -> [Int] {
        usable.indices.filter { usable[$0] || hasGenres[$0] }
    }
}
