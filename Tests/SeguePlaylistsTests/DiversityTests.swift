import Foundation
import Testing
import SegueCore
@testable import SeguePlaylists

/// Artist and album rules over the whole playlist, the seed artists' share, and relaxation
/// when the rules leave too few tracks.
struct DiversityTests {
    func build(_ library: TestLibrary, seeds: [Int64] = [1], seedArtists: Set<String> = [], rules: PlaylistsConfig.Rules) throws -> PlaylistResult {
        let spec = PlaylistSpec(name: "Diversity", kind: .defined, seeds: seeds, seedArtistKeys: seedArtists, rules: rules)
        return try library.generator().generate(spec, seed: 11, rotation: [])
    }

    @Test func maxTracksPerArtist() throws {
        let result = try build(.spread(count: 120, artists: 12), rules: TestLibrary.rules(tracks: 24) { $0.maxPerArtist = 2 })
        #expect(result.entries.count == 24)
        let counts = Dictionary(grouping: result.entries, by: \.track.artistKey).mapValues(\.count)
        #expect(counts.values.allSatisfy { $0 <= 2 })
    }

    @Test func noArtistRepeatedWithinTheWindowAndAlbumsSpaced() throws {
        let result = try build(.spread(count: 120, artists: 8, perAlbum: 3),
                           rules: TestLibrary.rules(tracks: 24) { $0.maxPerArtist = 3; $0.artistWindow = 5; $0.albumSpacing = 8 })
        #expect(result.entries.count == 24)
        #expect(result.spacingConflicts == 0)
        for (position, entry) in result.entries.enumerated() {
            for distance in 1..<5 where position + distance < result.entries.count {
                #expect(result.entries[position + distance].track.artistKey != entry.track.artistKey)
            }
            for distance in 1..<8 where position + distance < result.entries.count {
                #expect(result.entries[position + distance].track.albumKey != entry.track.albumKey)
            }
        }
    }

    @Test func minimumShareOfSeedArtists() throws {
        // The seed artist's tracks sit far from the seed on the similarity line, so without the
        // share rule they would not be picked at all.
        let library = TestLibrary.spread(count: 200, artists: 20)
        let seedArtist = library.tracks[0].artistKey
        let result = try build(library, seedArtists: [seedArtist],
                           rules: TestLibrary.rules(tracks: 20) { $0.seedArtistShare = 0.25; $0.maxPerArtist = 5; $0.artistWindow = 3 })
        #expect(result.entries.count == 20)
        #expect(result.entries.filter { $0.track.artistKey == seedArtist }.count >= 5)
        let without = try build(library, rules: TestLibrary.rules(tracks: 20) { $0.seedArtistShare = 0; $0.maxPerArtist = 5; $0.artistWindow = 3 })
        #expect(without.entries.filter { $0.track.artistKey == seedArtist }.count < 5)
    }

    @Test func minimumMinutesAddsTracks() throws {
        let result = try build(.spread(count: 100, artists: 20, seconds: 180), rules: TestLibrary.rules(tracks: 10) { $0.minMinutes = 60 })
        #expect(result.entries.count == 20)
        #expect(result.totalSeconds >= 3600)
    }

    @Test func relaxesInTheStatedOrderAndSaysSo() throws {
        // 30 tracks by 3 artists, 20 of them given on recent nights: asking for 20 needs the
        // rotation memory dropped, then more tracks per artist.
        let library = TestLibrary.spread(count: 30, artists: 3)
        let spec = PlaylistSpec(name: "Small", kind: .defined, seeds: [1],
                                rules: TestLibrary.rules(tracks: 20) { $0.maxPerArtist = 5; $0.artistWindow = 2 })
        let result = try library.generator().generate(spec, seed: 5, rotation: Set((11...30).map(Int64.init)))
        #expect(result.entries.count == 20)
        #expect(result.relaxations == [.rotation, .artistLimits])
        #expect(result.relaxations == result.relaxations.sorted())
        #expect(ExplainFormatter.summary(result).contains("relaxed: tracks given on recent nights allowed again, more tracks per artist"))
    }

    @Test func neverFewerThanAskedSilently() throws {
        let library = TestLibrary.spread(count: 12, artists: 6)
        let result = try build(library, rules: TestLibrary.rules(tracks: 30))
        #expect(result.entries.count == 12)
        #expect(result.shortfall == 18)
        #expect(ExplainFormatter.summary(result).contains("18 fewer than the 30 asked"))
        let summary = PlaylistExporter.Summary(night: "2026-11-29", results: [result])
        #expect(summary.line.contains("1 short"))
    }

    @Test func exclusionsAreNeverRelaxed() throws {
        let library = TestLibrary.spread(count: 20, artists: 2)
        let result = try build(library, rules: TestLibrary.rules(tracks: 20) {
            $0.exclusions = [.init(field: .artist, value: "Artist 1")]
            $0.maxPerArtist = 20
            $0.artistWindow = 1
        })
        #expect(result.entries.count == 10)
        #expect(result.entries.allSatisfy { $0.track.artist == "Artist 0" })
    }

    @Test func aFeaturedArtistIsSpacedAndCappedLikeAMainOne() throws {
        // Twelve artists; three of their tracks feature the same guest.
        var library = TestLibrary()
        for number in 0..<12 {
            let guest = number % 4 == 1
            library.add(TrackInfo(id: Int64(number + 1), path: "/m/\(number).flac", title: "Song \(number)",
                                  artist: "Artist \(number)" + (guest ? " feat. Guest" : ""), album: "Album \(number)", durationSeconds: 200,
                                  creditedKeys: guest ? ["artist \(number)", "guest"] : []),
                        position: Double(number) / 12, opening: Double(number % 3) / 3, closing: Double(number % 3) / 3)
        }
        let spaced = try build(library, rules: TestLibrary.rules(tracks: 12) { $0.maxPerArtist = 3; $0.artistWindow = 4 })
        #expect(spaced.entries.count == 12)
        #expect(spaced.spacingConflicts == 0)
        let positions = spaced.entries.indices.filter { spaced.entries[$0].track.artistKeys.contains("guest") }
        #expect(positions.count == 3)
        #expect(zip(positions, positions.dropFirst()).allSatisfy { $1 - $0 >= 4 }, "guest at \(positions)")
        let capped = try build(library, rules: TestLibrary.rules(tracks: 9) { $0.maxPerArtist = 1; $0.artistWindow = 1 })
        #expect(capped.entries.filter { $0.track.artistKeys.contains("guest") }.count == 1)
    }
}
