import Foundation
@testable import SeguePlaylists
import SegueCore

/// Small known libraries for playlist tests, built deterministically from a seed.
struct TestLibrary {
    var tracks: [TrackInfo] = []
    var index = KnownIndex(points: [:])

    var catalog: TrackCatalog { TrackCatalog(source: MemoryTrackSource(all: tracks)) }

    /// `count` tracks by `artists` artists, `perAlbum` tracks an album, evenly spread on the
    /// similarity line, with random transition colours.
    static func spread(count: Int, artists: Int, perAlbum: Int = 4, seed: UInt64 = 7, seconds: Double = 200) -> TestLibrary {
        var library = TestLibrary()
        var generator = SplitMix64(seed: seed)
        for number in 0..<count {
            let id = Int64(number + 1)
            let artist = "Artist \(number % artists)"
            library.add(TrackInfo(id: id, path: "/music/\(artist)/Album \(number / perAlbum)/\(number).flac", title: "Song \(number)",
                                  artist: artist, album: "Album \(number / perAlbum)", durationSeconds: seconds, genres: ["rock"]),
                        position: Double(number) / Double(count), opening: generator.unit(), closing: generator.unit())
        }
        return library
    }

    mutating func add(_ track: TrackInfo, position: Double, opening: Double = 0, closing: Double = 0, genre: Double? = nil) {
        tracks.append(track)
        index.points[track.id] = KnownIndex.Point(position: position, opening: opening, closing: closing, genre: genre)
    }

    /// The library's duplicate groups, from tags alone (the known index has no audio).
    var duplicates: DuplicateGroups {
        DuplicateFinder.groups(tracks.map { TrackIdentity(id: $0.id, artistKey: $0.artistKey, title: $0.title,
                                                            durationSeconds: $0.durationSeconds) })
    }

    func generator(lastPlayed: [Int64: Date] = [:], now: Date = TestLibrary.night) -> PlaylistGenerator {
        PlaylistGenerator(index: index, catalog: catalog, lastPlayed: lastPlayed, now: now, calendar: TestLibrary.calendar,
                          duplicates: duplicates)
    }

    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// 2026-11-29 12:00 UTC.
    static let night = Date(timeIntervalSince1970: 1_795_953_600)

    static func rules(tracks: Int = 10, _ change: (inout PlaylistsConfig.Rules) -> Void = { _ in }) -> PlaylistsConfig.Rules {
        var rules = PlaylistsConfig.Rules.standard
        rules.tracks = tracks
        rules.recentDays = 0
        rules.genreFloor = 0
        change(&rules)
        return rules
    }
}
