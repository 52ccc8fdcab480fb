import Foundation
import Testing
import SegueCore
@testable import SeguePlaylists
import SegueTestSupport

/// Same seed, same playlist; the next night a different one, with no track the playlist
/// gave on the last nights when the library has enough.
struct FreshnessTests {
    let folder: TemporaryDirectory
    let library = TestLibrary.spread(count: 400, artists: 40, perAlbum: 5)
    let database: AppDatabase

    init() throws {
        folder = try TemporaryDirectory()
        database = try LibraryDatabase.make(at: folder.file("segue.db"), tracks: library.tracks)
    }

    func exporter(_ yaml: String = "") throws -> PlaylistExporter {
        let config = try LibraryDatabase.config("""
              library_mixes: {count: 0}
              rotation_nights: 3
              definitions:
                - {name: Evening, seed_artists: [Artist 7], tracks: 20, recent_days: 0}
            """ + yaml, output: folder.file("out"))
        return PlaylistExporter(config: config, database: database, index: library.index, now: TestLibrary.night,
                                calendar: TestLibrary.calendar)
    }

    func run(night: String, seed: UInt64? = nil, dryRun: Bool = false) throws -> [Int64] {
        var request = ExportRequest()
        request.night = night
        request.seed = seed
        request.dryRun = dryRun
        let summary = try exporter().run(request)
        return summary.results[0].entries.map(\.track.id)
    }

    @Test func sameNightSamePlaylist() throws {
        let first = try run(night: "2026-11-29")
        #expect(first.count == 20)
        #expect(try run(night: "2026-11-29") == first)
        #expect(try run(night: "2026-11-29", dryRun: true) == first)
    }

    @Test func sameSeedSamePlaylistOnAnyNight() throws {
        let replay = try run(night: "2026-11-20", seed: 42, dryRun: true)
        #expect(try run(night: "2026-12-24", seed: 42, dryRun: true) == replay)
        #expect(try run(night: "2026-12-24", seed: 43, dryRun: true) != replay)
    }

    @Test func nextNightsDifferWithoutRepeats() throws {
        let nights = ["2026-11-26", "2026-11-27", "2026-11-28", "2026-11-29"]
        var given: [[Int64]] = []
        for night in nights {
            let tracks = try run(night: night)
            #expect(tracks.count == 20)
            for previous in given.suffix(3) {
                #expect(Set(tracks).isDisjoint(with: previous), "\(night) repeats a track of the last 3 nights")
            }
            given.append(tracks)
        }
        // Rerunning a night gives that night's playlist again, not a fresh one.
        #expect(try run(night: "2026-11-29") == given[3])
    }

    @Test func seedsAreDrawnFromTheNightAndThePlaylistName() {
        #expect(SplitMix64.seed(night: "2026-11-29", playlist: "A") == SplitMix64.seed(night: "2026-11-29", playlist: "A"))
        #expect(SplitMix64.seed(night: "2026-11-29", playlist: "A") != SplitMix64.seed(night: "2026-11-30", playlist: "A"))
        #expect(SplitMix64.seed(night: "2026-11-29", playlist: "A") != SplitMix64.seed(night: "2026-11-29", playlist: "B"))
        // Reference values of SplitMix64 with seed 0 (from the paper's reference code).
        var generator = SplitMix64(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
    }
}
