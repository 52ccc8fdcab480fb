import Foundation
import Testing
import SegueCore
@testable import SeguePlaylists

/// Every per-track rule is honoured: nothing a rule leaves out reaches the playlist.
struct FilterTests {
    /// 60 tracks by 20 artists; track n lasts 60 + 10n seconds, has BPM 60 + 2n, loudness
    /// -20 + n/4 and alternates between A minor and C major; every fifth is "christmas".
    static func library() -> TestLibrary {
        var library = TestLibrary()
        for number in 0..<60 {
            let id = Int64(number + 1)
            library.add(TrackInfo(id: id, path: "/music/a\(number % 20)/b\(number / 6)/\(number).flac", title: "Song \(number)",
                                  artist: "Artist \(number % 20)", album: "Album \(number / 6)",
                                  durationSeconds: 60 + 10 * Double(number), bpm: 60 + 2 * Double(number),
                                  key: number % 2 == 0 ? "A minor" : "C major", loudness: -20 + Double(number) / 4,
                                  genres: number % 5 == 0 ? ["christmas"] : ["rock"]),
                        position: Double(number) / 60, genre: number % 5 == 0 ? 0.1 : 0.9)
        }
        return library
    }

    func build(_ rules: PlaylistsConfig.Rules, lastPlayed: [Int64: Date] = [:], rotation: Set<Int64> = [],
               now: Date = TestLibrary.night) throws -> PlaylistResult {
        let library = Self.library()
        let spec = PlaylistSpec(name: "Filters", kind: .defined, seeds: [30], rules: rules)
        return try library.generator(lastPlayed: lastPlayed, now: now).generate(spec, seed: 1, rotation: rotation)
    }

    @Test func durationLimits() throws {
        let result = try build(TestLibrary.rules(tracks: 10) { $0.minTrackSeconds = 200; $0.maxTrackSeconds = 400 })
        #expect(result.entries.count == 10)
        #expect(result.entries.allSatisfy { (200...400).contains($0.track.durationSeconds!) })
        #expect(result.relaxations.isEmpty)
    }

    @Test func bpmKeyAndLoudnessRanges() throws {
        let result = try build(TestLibrary.rules(tracks: 8) {
            $0.bpmRange = 100...160
            $0.keys = ["a minor"]
            $0.loudnessRange = -15 ... -5
        })
        #expect(result.entries.count == 8)
        for entry in result.entries {
            #expect((100...160).contains(entry.track.bpm!))
            #expect(entry.track.key == "A minor")
            #expect((-15 ... -5).contains(entry.track.loudness!))
        }
    }

    @Test func genreFloor() throws {
        let result = try build(TestLibrary.rules(tracks: 12) { $0.genreFloor = 0.5 })
        #expect(result.entries.count == 12)
        // The seed opens the playlist; every other track has genre similarity 0.9.
        #expect(result.entries.dropFirst().allSatisfy { !$0.track.genres.contains("christmas") })
        #expect(result.rejected[.genreFloor, default: 0] > 0)
    }

    @Test func exclusionsByArtistAlbumTrackAndGenre() throws {
        let result = try build(TestLibrary.rules(tracks: 20) {
            $0.exclusions = [
                .init(field: .artist, value: "artist 3"),
                .init(field: .album, value: "ALBUM 4"),
                .init(field: .track, value: "a11/b5/31.flac"),
                .init(field: .genre, value: "Christmas"),
            ]
        })
        #expect(result.entries.count == 20)
        for entry in result.entries {
            #expect(entry.track.artist != "Artist 3")
            #expect(entry.track.album != "Album 4")
            #expect(entry.track.id != 32)
            #expect(!entry.track.genres.contains("christmas"))
        }
    }

    @Test func seasonalExclusionAppliesOnlyInItsMonths() throws {
        let seasonal = PlaylistsConfig.Exclusion(field: .genre, value: "christmas", months: Set(1...11))
        let rules = TestLibrary.rules(tracks: 40) { $0.exclusions = [seasonal]; $0.maxPerArtist = 2 }
        let november = try build(rules)
        #expect(!november.entries.contains { $0.track.genres.contains("christmas") })
        let december = try build(rules, now: TestLibrary.night.addingTimeInterval(5 * 86_400))
        #expect(december.entries.contains { $0.track.genres.contains("christmas") })
    }

    @Test func recentlyPlayedWithinTheLookback() throws {
        let played = Dictionary(uniqueKeysWithValues: (20...45).map { (Int64($0), TestLibrary.night.addingTimeInterval(-86_400)) })
        let longAgo = Dictionary(uniqueKeysWithValues: (46...50).map { (Int64($0), TestLibrary.night.addingTimeInterval(-30 * 86_400)) })
        let result = try build(TestLibrary.rules(tracks: 15) { $0.recentDays = 7 }, lastPlayed: played.merging(longAgo) { $1 })
        #expect(result.entries.count == 15)
        // The seed (30) is not pinned, so it is left out too.
        #expect(result.entries.allSatisfy { !(20...45).contains($0.track.id) })
        #expect(result.entries.contains { (46...50).contains($0.track.id) })
    }

    @Test func rotationMemory() throws {
        let rotation = Set((1...40).map(Int64.init))
        let result = try build(TestLibrary.rules(tracks: 15), rotation: rotation)
        #expect(result.entries.count == 15)
        #expect(result.entries.allSatisfy { !rotation.contains($0.track.id) })
    }

    @Test func versionsOfOneSongButNotSameTitlesOfOthers() throws {
        var library = TestLibrary()
        // Versions marked as such are one song whatever their length; unmarked equal titles
        // are one song only by one artist and within a few seconds.
        let tracks: [(String, String, Double)] = [
            ("Blue", "A", 200), ("Blue (2011 Remaster)", "A", 201), ("Blue - Live at Leeds", "A", 260), ("Blue [Demo]", "A", 150),
            ("Green", "A", 200), ("Green (Radio Edit)", "A", 180), ("Red (Mono)", "A", 200), ("Red", "A", 202),
            ("Intro", "B", 60), ("Intro", "C", 60), ("Yellow", "A", 200), ("Yellow", "A", 320), ("Black", "A", 200), ("White", "A", 200),
        ]
        for (number, (title, artist, seconds)) in tracks.enumerated() {
            library.add(TrackInfo(id: Int64(number + 1), path: "/m/\(number).mp3", title: title, artist: "Artist \(artist)",
                                  album: "A\(number)", durationSeconds: seconds), position: Double(number) / 14)
        }
        let rules = TestLibrary.rules(tracks: 14) { $0.maxPerArtist = 14; $0.artistWindow = 1; $0.albumSpacing = 1; $0.minTrackSeconds = 0 }
        let spec = PlaylistSpec(name: "Dupes", kind: .defined, seeds: [1], rules: rules)
        let result = try library.generator().generate(spec, seed: 3, rotation: [])
        let songs = Dictionary(grouping: result.entries.map { TitleVersion($0.track.title).key }, by: { $0 }).mapValues(\.count)
        #expect(songs == ["blue": 1, "green": 1, "red": 1, "intro": 2, "yellow": 2, "black": 1, "white": 1])
        #expect(result.rejected[.duplicate, default: 0] == 5)
    }

    @Test func pathsWithLineBreaksAreNeverWritten() throws {
        var library = Self.library()
        library.tracks[31].path = "/music/evil\nname.flac"
        let spec = PlaylistSpec(name: "Paths", kind: .defined, seeds: [30], rules: TestLibrary.rules(tracks: 59) { $0.maxPerArtist = 10 })
        let result = try library.generator().generate(spec, seed: 1, rotation: [])
        #expect(!result.entries.contains { $0.track.id == 32 })
    }
}
