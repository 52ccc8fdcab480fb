import Foundation
import SegueCore

/// Finds the tracks that are one recording, by three rules in turn:
/// 1. the same MusicBrainz recording id or ISRC;
/// 2. the same primary artist and title once version markers are taken off (`TitleVersion`),
///    and a length within `durationTolerance`; a title marked as a version (live, remaster,
///    edit, demo, mix…) is that song whatever its length. Two different "Intro"s by two
///    artists, or by one artist at different lengths, stay apart;
/// 3. audio near-identity: the pairs `SameAudio` found to be the same audio in two files
///    (`audioPairs`, see `NeighbourFacts`).
/// Groups are closed under all three (union–find), and each lists its best copy first.
///
/// Tracks are added one at a time and only what the rules need is kept of each (ids and keys
/// as 64-bit hashes, whose accidental collisions are far rarer than mistagged files), so a
/// whole library streams through in a few megabytes.
public struct DuplicateFinder: Sendable {
    /// "A duration within a few seconds": an album track and its best-of copy differ by a
    /// fade or a gap, two encodings of one file by encoder padding (well under a second).
    public static let durationTolerance = 3.0

    /// What is kept of each track.
    private struct Copy: Sendable {
        var id: Int64
        var seconds: Double?
        var lossless: Bool
        var bitrate: Int

        /// Whether this copy should represent its group rather than `other`: lossless first,
        /// then the higher bitrate, then the older row (ties stay stable from night to night).
        func isBetter(than other: Copy) -> Bool {
            if lossless != other.lossless { return lossless }
            if bitrate != other.bitrate { return bitrate > other.bitrate }
            return id < other.id
        }
    }

    private var copies: [Copy] = []
    private var sets = DisjointSets(count: 0)
    private var byRecording: [UInt64: Int] = [:]
    private var byISRC: [UInt64: Int] = [:]
    /// A song's first track waits alone until a second one comes: most songs have one.
    private var firstOfSong: [UInt64: (row: Int, marked: Bool)] = [:]
    private var bySong: [UInt64: [(row: Int, marked: Bool)]] = [:]

    public init() {}

    public mutating func add(_ track: TrackIdentity) {
        let row = copies.count
        copies.append(Copy(id: track.id, seconds: track.durationSeconds, lossless: track.isLossless, bitrate: track.bitrate ?? 0))
        sets.append()
        if let recording = Self.normalized(track.recordingID?.lowercased()) {
            if let first = byRecording[recording] { sets.union(first, row) } else { byRecording[recording] = row }
        }
        if let isrc = Self.normalized(track.isrc?.uppercased().filter { $0.isLetter || $0.isNumber }) {
            if let first = byISRC[isrc] { sets.union(first, row) } else { byISRC[isrc] = row }
        }
        guard !track.artistKey.isEmpty else { return }
        let version = TitleVersion(track.title)
        guard !version.key.isEmpty else { return }
        let song = SplitMix64.fnv1a(track.artistKey + "\u{1F}" + version.key), member = (row: row, marked: !version.markers.isEmpty)
        if let first = firstOfSong[song] {
            bySong[song, default: [first]].append(member)
        } else {
            firstOfSong[song] = member
        }
    }

    /// The groups of the tracks added, with `audioPairs` of ids joined as well.
    public func groups(audioPairs: [(Int64, Int64)] = []) -> DuplicateGroups {
        var sets = sets
        for members in bySong.values {
            unionSong(members, sets: &sets)
        }
        if !audioPairs.isEmpty {
            let rowOf = Dictionary(copies.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
            for (a, b) in audioPairs {
                if let first = rowOf[a], let second = rowOf[b] { sets.union(first, second) }
            }
        }
        var sizes: [Int: Int] = [:]
        for row in copies.indices { sizes[sets.find(row), default: 0] += 1 }
        var members: [Int: [Int]] = [:]
        for row in copies.indices {
            let root = sets.find(row)
            if sizes[root, default: 0] > 1 { members[root, default: []].append(row) }
        }
        let groups = members.values.map { rows in
            rows.sorted { copies[$0].isBetter(than: copies[$1]) }.map { copies[$0].id }
        }
        return DuplicateGroups(groups: groups.sorted { $0[0] < $1[0] })
    }

    /// The groups of `tracks`.
    public static func groups(_ tracks: [TrackIdentity], audioPairs: [(Int64, Int64)] = []) -> DuplicateGroups {
        var finder = DuplicateFinder()
        tracks.forEach { finder.add($0) }
        return finder.groups(audioPairs: audioPairs)
    }

    /// One song's tracks: unmarked ones join when their lengths agree (in a chain sorted by
    /// length); each marked version joins the unmarked run nearest its length, or the other
    /// marked versions when there is none.
    private func unionSong(_ members: [(row: Int, marked: Bool)], sets: inout DisjointSets) {
        func seconds(_ row: Int) -> Double { copies[row].seconds ?? 0 }
        let plain = members.filter { !$0.marked }.map(\.row).sorted { (seconds($0), $0) < (seconds($1), $1) }
        let marked = members.filter(\.marked).map(\.row)
        for (previous, next) in zip(plain, plain.dropFirst()) where lengthsAgree(previous, next) {
            sets.union(previous, next)
        }
        guard let first = plain.first ?? marked.first else { return }
        for row in marked {
            let nearest = plain.min { abs(seconds($0) - seconds(row)) < abs(seconds($1) - seconds(row)) } ?? first
            sets.union(nearest, row)
        }
    }

    /// A track without a known length agrees with any.
    private func lengthsAgree(_ a: Int, _ b: Int) -> Bool {
        guard let first = copies[a].seconds, let second = copies[b].seconds else { return true }
        return abs(first - second) <= Self.durationTolerance
    }

    private static func normalized(_ value: String?) -> UInt64? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return SplitMix64.fnv1a(value)
    }
}
