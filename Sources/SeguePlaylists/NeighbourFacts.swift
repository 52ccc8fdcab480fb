import Foundation
import SegueIndex

/// What the stored neighbour graph says about the library as a whole, read in one pass over
/// its first ranks after each index build and kept until the next:
/// - how many tracks count each track among their `hubRanks` nearest (its k-occurrence, the
///   measure of "hubness" of Radovanović, Nanopoulos and Ivanović 2010, "Hubs in space");
///   a track far above the median is everyone's neighbour, and playlists damp it;
/// - the pairs of nearest neighbours whose sound is nearly identical (sonic cosine at least
///   `SameAudio.sonicCosine`): candidates for the same audio in two files, which
///   `SameAudio` then checks, for `DuplicateFinder`.
public struct NeighbourFacts: Sendable, Equatable {
    /// k-occurrence of every track that has one, by id.
    public var inDegree: [Int64: Int]
    /// The median k-occurrence over the indexed tracks (tracks no one lists count as 0).
    public var medianInDegree: Int
    public var audioPairs: [AudioPair]

    public struct AudioPair: Sendable, Hashable {
        public var a: Int64
        public var b: Int64
    }

    /// Ranks counted for hubness (the neighbours a playlist draws from first) and searched
    /// for another copy of the same audio (a copy is among a track's very nearest).
    public static let hubRanks = 10

    public init(inDegree: [Int64: Int] = [:], medianInDegree: Int = 0, audioPairs: [AudioPair] = []) {
        self.inDegree = inDegree
        self.medianInDegree = medianInDegree
        self.audioPairs = audioPairs
    }

    /// Counts the facts over the rows of the neighbour graph, one row at a time.
    public struct Tally {
        /// In-degrees by track id, for the ids SQLite hands out (1, 2, 3…): hundreds of
        /// thousands of rows counted without hashing. Any other id goes to `sparse`.
        private var dense: [Int32]
        private var sparse: [Int64: Int] = [:]
        /// Tracks with a list of their own: the median counts those no list names as 0.
        private var listed: Set<Int64> = []
        private var lastTrack: Int64?
        private var pairs: Set<AudioPair> = []

        /// - Parameters:
        ///   - expectedTracks: how many tracks the graph may list.
        ///   - largestID: the largest track id; ids up to it are counted densely unless they
        ///     are far more than the tracks.
        public init(expectedTracks: Int = 0, largestID: Int64 = 0) {
            let slots = Int(max(0, min(largestID, Int64(4 * expectedTracks + 65_536)))) + 1
            dense = [Int32](repeating: 0, count: slots)
            listed.reserveCapacity(expectedTracks)
        }

        /// The sonic score (`(1 + cosine) / 2`, as the index stores it) from which two
        /// nearest neighbours may be the same audio.
        public static let twinScore = (1 + SameAudio.sonicCosine) / 2

        /// One row of the graph's first `hubRanks` ranks: `neighbour` is among `track`'s
        /// nearest, with a sonic score of at least `twinScore` when `isTwin`.
        public mutating func add(track: Int64, neighbour: Int64, isTwin: Bool) {
            // A track's rows come together: one insertion per list, not per row.
            if track != lastTrack {
                listed.insert(track)
                lastTrack = track
            }
            if neighbour >= 0, neighbour < dense.count {
                dense[Int(neighbour)] += 1
            } else {
                sparse[neighbour, default: 0] += 1
            }
            if isTwin, track != neighbour {
                pairs.insert(AudioPair(a: min(track, neighbour), b: max(track, neighbour)))
            }
        }

        private func count(of id: Int64) -> Int {
            id >= 0 && id < dense.count ? Int(dense[Int(id)]) : sparse[id] ?? 0
        }

        public var facts: NeighbourFacts {
            var inDegree = sparse
            inDegree.reserveCapacity(listed.count + sparse.count)
            for (id, count) in dense.enumerated() where count > 0 { inDegree[Int64(id)] = Int(count) }
            let degrees = listed.map(count(of:)).sorted()
            return NeighbourFacts(inDegree: inDegree, medianInDegree: degrees.isEmpty ? 0 : degrees[degrees.count / 2],
                                  audioPairs: pairs.sorted { ($0.a, $0.b) < ($1.a, $1.b) })
        }
    }

    // MARK: Stored form

    /// Little-endian Int64s: the median, the number of in-degree pairs, (id, count) pairs, then (a, b) pairs.
    var blob: Data {
        var values: [Int64] = [Int64(medianInDegree), Int64(inDegree.count)]
        for (id, count) in inDegree.sorted(by: { $0.key < $1.key }) { values += [id, Int64(count)] }
        for pair in audioPairs { values += [pair.a, pair.b] }
        return Matrix.blob(fromInts: values)
    }

    init?(blob: Data) {
        let values = Matrix.ints(fromBlob: blob)
        guard values.count >= 2 else { return nil }
        let degrees = Int(values[1])
        let twins = values.count - 2 - 2 * degrees
        guard degrees >= 0, twins >= 0, twins % 2 == 0 else { return nil }
        var inDegree: [Int64: Int] = [:]
        inDegree.reserveCapacity(degrees)
        for pair in 0..<degrees { inDegree[values[2 + 2 * pair]] = Int(values[3 + 2 * pair]) }
        let start = 2 + 2 * degrees
        let pairs = stride(from: start, to: values.count, by: 2).map { AudioPair(a: values[$0], b: values[$0 + 1]) }
        self.init(inDegree: inDegree, medianInDegree: Int(values[0]), audioPairs: pairs)
    }
}
