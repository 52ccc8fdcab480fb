/// The fingerprints of a set of tracks with their features, summed: order does not matter, so
/// one pass over the features yields the sum over all present tracks and the sums over any
/// subsets (the tracks of the stored index, the tracks added since), and a sum extends by
/// adding a track's fingerprint.
struct TrackFingerprints: Sendable, Equatable {
    private(set) var sum: (UInt64, UInt64) = (0, 0)
    private(set) var count = 0

    mutating func add(_ track: IndexInputs.Track, _ features: IndexInputs.Features?) {
        var digest = InputDigest()
        digest.add(track.id)
        digest.add(track.artistID ?? -1)
        digest.add(track.albumID ?? -1)
        if let features {
            digest.add(features.vector)
            digest.add(features.segments ?? [])
            digest.add(features.bpm)
            digest.add(features.key)
            digest.add(features.mode)
        } else {
            digest.add(-1)
        }
        sum = (sum.0 &+ digest.lanes.0, sum.1 &+ digest.lanes.1)
        count += 1
    }

    func addTo(_ digest: inout InputDigest) {
        digest.add(count)
        digest.add(sum.0)
        digest.add(sum.1)
    }

    static func == (a: Self, b: Self) -> Bool {
        a.sum == b.sum && a.count == b.count
    }
}
