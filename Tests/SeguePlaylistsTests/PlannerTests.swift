import Foundation
import Testing
import GRDB
import SegueCore
@testable import SeguePlaylists
import SegueTestSupport

/// Where playlists come from besides the config's definitions: the listening history and the
/// library's own clusters.
struct PlannerTests {
    let folder: TemporaryDirectory
    let library: TestLibrary
    let vectors: [Int64: [Float]]

    init() throws {
        folder = try TemporaryDirectory()
        // 240 tracks by 24 artists; artist n's tracks are in sound group n % 4.
        var library = TestLibrary()
        var generator = SplitMix64(seed: 2)
        for number in 0..<240 {
            let artist = number % 24
            library.add(TrackInfo(id: Int64(number + 1), path: "/music/\(artist)/\(number).flac", title: "Song \(number)",
                                  artist: "Artist \(artist)", album: "Album \(artist)-\(number / 48)", durationSeconds: 200,
                                  genres: ["genre \(artist % 4)"]),
                        position: Double(artist % 4) + generator.unit() * 0.5, opening: generator.unit(), closing: generator.unit())
        }
        self.library = library
        vectors = Dictionary(uniqueKeysWithValues: library.tracks.map { track in
            let group = Int(track.id - 1) % 24 % 4
            return (track.id, (0..<5).map { Float($0 == group ? 8 : 0) + Float(generator.unit()) })
        })
    }

    func export(_ yaml: String, database: AppDatabase) throws -> PlaylistExporter.Summary {
        let config = try LibraryDatabase.config(yaml, output: folder.file("out"))
        var request = ExportRequest()
        request.dryRun = true
        return try PlaylistExporter(config: config, database: database, index: library.index, now: TestLibrary.night,
                                    calendar: TestLibrary.calendar).run(request)
    }

    @Test func libraryMixesAreCoherentClusters() throws {
        let database = try LibraryDatabase.make(at: folder.file("mix.db"), tracks: library.tracks, vectors: vectors)
        let summary = try export("  library_mixes: {count: 4}\n  from_history: {artists: 0}\n"
                                 + "  defaults: {tracks: 20, max_per_artist: 4, artist_window: 3}\n", database: database)
        #expect(summary.results.count == 4)
        var groupsSeen: Set<Int> = []
        for result in summary.results {
            #expect(result.spec.kind == .mix)
            #expect(result.entries.count == 20)
            let groups = Set(result.entries.map { Int($0.track.id - 1) % 24 % 4 })
            #expect(groups.count == 1, "\(result.name) mixes sound groups \(groups)")
            groupsSeen.formUnion(groups)
            #expect(result.name.hasPrefix("Library Mix "))
            #expect(result.name.hasSuffix("(genre \(groups.first!))"))
        }
        #expect(groupsSeen == [0, 1, 2, 3])
    }

    @Test func clustersAreKeptUntilTheFeaturesChange() throws {
        let database = try LibraryDatabase.make(at: folder.file("kept.db"), tracks: library.tracks, vectors: vectors)
        let store = PlaylistStore(database: database)
        let input = try store.featureSignature() + "/k4/1"
        #expect(try store.clusters(input: input) == nil)
        let computed = try LibraryClusters.load(store: store, k: 4, seed: 1, dryRun: false)
        let stored = try #require(try store.clusters(input: input))
        #expect(stored.map { $0.map(\.id) } == computed.groups.map { $0.map(\.id).sorted() })
        try database.pool.write { db in
            try db.execute(sql: "UPDATE sonic_features SET analyzed_at = ? WHERE track_id = 1", arguments: [Date().addingTimeInterval(60)])
        }
        #expect(try store.featureSignature() + "/k4/1" != input)
        #expect(try store.clusters(input: try store.featureSignature() + "/k4/1") == nil)
    }

    @Test func libraryMixesFavourWhatIsListenedTo() throws {
        let database = try LibraryDatabase.make(at: folder.file("played.db"), tracks: library.tracks, vectors: vectors)
        // Tracks 1…12 (artists 0…11: three in each sound group) are played often, long ago
        // enough not to count as recent.
        let listens = (1...12).flatMap { id in (0..<5).map { _ in (trackID: Int64(id), at: TestLibrary.night.addingTimeInterval(-40 * 86_400)) } }
        try LibraryDatabase.addListens(database, listens)
        let summary = try export("  library_mixes: {count: 4}\n  from_history: {artists: 0}\n  defaults: {tracks: 20}\n",
                                 database: database)
        let played = Set((1...12).map(Int64.init))
        #expect(summary.results.count == 4)
        for result in summary.results {
            let seeds = result.entries.filter { $0.reason == .seed }.map(\.track.id)
            #expect(!seeds.isEmpty, "\(result.name) has no seed")
            #expect(seeds.allSatisfy(played.contains), "\(result.name) seeds \(seeds), played \(played.sorted())")
        }
    }

    @Test func historyPlaylistsForTheTopArtists() throws {
        let database = try LibraryDatabase.make(at: folder.file("history.db"), tracks: library.tracks, vectors: vectors)
        let recent = TestLibrary.night.addingTimeInterval(-10 * 86_400)
        // Artist 5: track 6 played 6 times, track 30 three times, track 54 once; Artist 2: track 3 four times;
        // Artist 9 played 20 times, but 200 days ago.
        var listens = Array(repeating: (trackID: Int64(6), at: recent), count: 6) + Array(repeating: (Int64(30), recent), count: 3)
        listens += [(Int64(54), recent)] + Array(repeating: (Int64(3), recent), count: 4)
        listens += Array(repeating: (Int64(10), TestLibrary.night.addingTimeInterval(-200 * 86_400)), count: 20)
        try LibraryDatabase.addListens(database, listens)
        let summary = try export("  library_mixes: {count: 0}\n  from_history: {artists: 3, days: 30, seeds: 2}\n", database: database)
        #expect(summary.results.map(\.name) == ["From History - Artist 5", "From History - Artist 2"])
        let first = summary.results[0]
        #expect(first.spec.seeds == [6, 30])
        #expect(first.entries[0].track.id == 6)
        #expect(first.spec.seedArtistKeys == ["artist 5"])
    }

    @Test func noListensMeansNoHistoryPlaylistsAndANotice() throws {
        let database = try LibraryDatabase.make(at: folder.file("none.db"), tracks: library.tracks, vectors: vectors)
        let summary = try export("  library_mixes: {count: 0}\n", database: database)
        #expect(summary.results.isEmpty)
        #expect(summary.notices == ["no listening history yet: history playlists skipped"])

        try LibraryDatabase.addListens(database, [(trackID: 6, at: TestLibrary.night.addingTimeInterval(-86_400))])
        let withHistory = try export("  library_mixes: {count: 0}\n", database: database)
        #expect(withHistory.results.map(\.name) == ["From History - Artist 5"])
        #expect(!withHistory.notices.contains("no listening history yet: history playlists skipped"), "\(withHistory.notices)")
    }
}
