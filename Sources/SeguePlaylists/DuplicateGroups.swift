import Foundation
import SegueIndex

/// Library tracks that are one recording (copies in several formats, an album track and its
/// best-of version, a remaster or a live take of one song), each group with its best copy
/// first. A playlist holds at most one track of a group, and prefers that copy.
public struct DuplicateGroups: Sendable, Equatable {
    /// Each group's members, best copy first; only groups of two or more.
    public private(set) var groups: [[Int64]]
    private var groupOfTrack: [Int64: Int]

    public init(groups: [[Int64]] = []) {
        self.groups = groups.filter { $0.count > 1 }
        var groupOfTrack: [Int64: Int] = [:]
        for (number, members) in self.groups.enumerated() {
            for id in members { groupOfTrack[id] = number }
        }
        self.groupOfTrack = groupOfTrack
    }

    /// The same for every copy of one recording: the id of its best copy.
    public func key(of id: Int64) -> Int64 {
        groupOfTrack[id].map { groups[$0][0] } ?? id
    }

    /// Every copy of the recording `id` is one of, best first (just `id` when it has none).
    public func members(of id: Int64) -> [Int64] {
        groupOfTrack[id].map { groups[$0] } ?? [id]
    }

    // MARK: Stored form

    /// Little-endian Int64s: for each group its size, then its members.
    var blob: Data {
        Matrix.blob(fromInts: groups.flatMap { [Int64($0.count)] + $0 })
    }

    init?(blob: Data) {
        let values = Matrix.ints(fromBlob: blob)
        var groups: [[Int64]] = []
        var position = 0
        while position < values.count {
            let size = Int(values[position])
            guard size > 1, position + size < values.count else { return nil }
            groups.append(Array(values[(position + 1)...(position + size)]))
            position += 1 + size
        }
        self.init(groups: groups)
    }
}
