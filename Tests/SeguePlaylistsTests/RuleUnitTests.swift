import Foundation
import GRDB
import Testing
import SegueCore
@testable import SeguePlaylists
import SegueTestSupport
import SegueIndex

/// The rules' pure parts on known inputs: which copies are one recording and which copy leads,
/// which genres fall under an excluded one, what a seed playlist file names, how hubs are damped.
struct RuleUnitTests {
    func identity(_ id: Int64, _ artist: String, _ title: String, seconds: Double? = 200, recording: String? = nil,
                  isrc: String? = nil, codec: String = "MP3", bitrate: Int = 128) -> TrackIdentity {
        TrackIdentity(id: id, artistKey: artist, title: title, durationSeconds: seconds, recordingID: recording, isrc: isrc,
                      codec: codec, bitrate: bitrate)
    }

    @Test func recordingIdsISRCsTitlesAndAudioMakeGroupsLedByTheBestCopy() {
        let groups = DuplicateFinder.groups([
            identity(1, "a", "Song", recording: "R1", bitrate: 320),
            identity(2, "b", "Other Name", recording: "r1 ", codec: "FLAC", bitrate: 900),
            identity(3, "c", "Third", isrc: "US-ABC-12-00001"),
            identity(4, "d", "Fourth", isrc: "usabc1200001", codec: "ALAC", bitrate: 700),
            identity(5, "e", "Fifth", seconds: 180),
            identity(6, "f", "Sixth", seconds: 181, codec: "Vorbis", bitrate: 192),
            identity(7, "g", "Seventh", seconds: 100),
        ], audioPairs: [(5, 6)])
        #expect(groups.groups == [[2, 1], [4, 3], [6, 5]])
        #expect(groups.key(of: 1) == 2)
        #expect(groups.members(of: 7) == [7])
    }

    @Test func sameAudioMustAgreeInChromaLoudnessAndLength() {
        let chroma: [Float] = [0.1, 0.9, 0.2, 0.1, 0.5, 0.1, 0.1, 0.3, 0.1, 0.1, 0.2, 0.1]
        let copy = SameAudio.Profile(chroma: chroma, loudness: -14, durationSeconds: 200)
        #expect(SameAudio.isSameAudio(copy, SameAudio.Profile(chroma: chroma.map { $0 * 1.01 }, loudness: -14.5, durationSeconds: 200.05)))
        #expect(!SameAudio.isSameAudio(copy, SameAudio.Profile(chroma: chroma, loudness: -15.5, durationSeconds: 200)))
        #expect(!SameAudio.isSameAudio(copy, SameAudio.Profile(chroma: chroma, loudness: -14, durationSeconds: 203)))
        // The same notes a semitone up.
        let shifted = Array(chroma[1...] + chroma[..<1])
        #expect(!SameAudio.isSameAudio(copy, SameAudio.Profile(chroma: shifted, loudness: -14, durationSeconds: 200)))
    }

    @Test func genreFamiliesFollowTheTreeAndWholeWords() {
        let names = ["Christmas", "christmas music", "Christmas Carol", "Pop", "K-Pop", "pop rock", "Popcorn", "Rock"]
        let parents = [(genre: "holiday hymns", parent: "christmas music"), (genre: "j-pop", parent: "pop")]
        #expect(GenreFamily.members(of: "christmas", names: names, parents: parents)
                == ["Christmas", "Christmas Carol", "christmas music", "holiday hymns"])
        #expect(GenreFamily.members(of: "pop", names: names, parents: parents) == ["K-Pop", "Pop", "j-pop", "pop rock"])
    }

    @Test func seedPlaylistEntries() throws {
        let folder = try TemporaryDirectory()
        let file = folder.file("list.m3u8")
        try "\u{FEFF}#EXTM3U\n#EXTINF:1,a\n/music/a.flac\r\nsub/b.mp3\n\n../../Music/c.ogg\nfile:///music/d%20e.flac\nC:\\Music\\f.mp3\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let entries = try SeedPlaylistFile.entries(at: file)
        #expect(entries.count == 5)
        #expect(entries.map(\.resolved).enumerated().filter { $0.offset != 2 }.map(\.element)
                == ["/music/a.flac", folder.file("sub/b.mp3"), "/music/d e.flac", folder.file("C:/Music/f.mp3")])
        #expect(entries[2].resolved.hasSuffix("/Music/c.ogg") && !entries[2].resolved.contains(".."))
        #expect(entries[2].written == "Music/c.ogg")
        #expect(throws: (any Error).self) { try SeedPlaylistFile.entries(at: folder.file("none.m3u")) }
    }

    @Test func hubsFarAboveTheMedianAreDamped() {
        let facts = NeighbourFacts(inDegree: [1: 80, 2: 30, 3: 10], medianInDegree: 10)
        let hubs = HubPenalty(facts: facts, threshold: 4, damping: 0.5)
        #expect(hubs.mark(2) == nil)
        let mark = hubs.mark(1)
        #expect(mark?.inDegree == 80)
        #expect(abs((mark?.factor ?? 0) - (40.0 / 80).squareRoot()) < 1e-9)
        #expect(HubPenalty(facts: facts, threshold: 4, damping: 0).mark(1) == nil)
        #expect(NeighbourFacts(blob: facts.blob) == facts)
    }

    @Test func mixNamesSayWhatCharacterisesAMixAndNeverRepeat() {
        func tracks(_ genre: String?, bpm: Double) -> [TrackInfo] {
            (0..<10).map { TrackInfo(id: Int64($0), path: "/\($0)", title: "t", artist: "a", album: "", bpm: bpm + Double($0 % 3),
                                     genres: genre.map { [$0] } ?? []) }
        }
        #expect(MixName.make(tracks("techno", bpm: 127), taken: []) == "Library Mix (techno)")
        #expect(MixName.make(tracks("techno", bpm: 127), taken: ["Library Mix (techno)"]) == "Library Mix (techno · driving · 128 BPM)")
        #expect(MixName.make(tracks(nil, bpm: 71), taken: []) == "Library Mix (calm · 72 BPM)")
        #expect(MixName.make(tracks(nil, bpm: 71), taken: ["Library Mix (calm · 72 BPM)"]) == "Library Mix (calm · 72 BPM) 2")
    }

    /// The pass over the graph's first ranks reads the partial index alone, not the table:
    /// the query's bound must stay the index's and `hubRanks`.
    @Test func neighbourFactsReadTheNearestNeighboursIndexAlone() throws {
        let folder = try TemporaryDirectory(prefix: "segue-facts")
        let database = try AppDatabase(path: folder.file("segue.db"))
        let details = try database.pool.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + LibraryFactsStore.nearestNeighboursQuery,
                             arguments: [NeighbourFacts.Tally.twinScore]).map { $0["detail"] as String }
        }
        #expect(details == ["SCAN neighbours USING COVERING INDEX neighbours_nearest"])
        #expect(LibraryFactsStore.nearestNeighboursQuery.hasSuffix("rank <= \(NeighbourFacts.hubRanks)"))
    }

    /// The neighbour facts, counted plainly from every row of the graph's first ranks.
    func plainFacts(_ db: Database) throws -> NeighbourFacts {
        var counts: [Int64: Int] = [:]
        var listed: Set<Int64> = []
        var pairs: Set<NeighbourFacts.AudioPair> = []
        for row in try Row.fetchAll(db, sql: "SELECT track_id, neighbour_id, sonic_score FROM neighbours WHERE rank <= 10") {
            let track: Int64 = row[0], neighbour: Int64 = row[1], sonic: Double? = row[2]
            listed.insert(track)
            counts[neighbour, default: 0] += 1
            if let sonic, sonic >= NeighbourFacts.Tally.twinScore, track != neighbour {
                pairs.insert(.init(a: min(track, neighbour), b: max(track, neighbour)))
            }
        }
        let degrees = listed.map { counts[$0] ?? 0 }.sorted()
        return NeighbourFacts(inDegree: counts, medianInDegree: degrees[degrees.count / 2],
                              audioPairs: pairs.sorted { ($0.a, $0.b) < ($1.a, $1.b) })
    }

    /// Export keeps the facts it derived from the graph until the index is built again, then
    /// derives them afresh: each time what a plain count of the stored rows gives.
    @Test func neighbourFactsAreDerivedAgainWhenTheIndexIsBuiltAgain() throws {
        let folder = try TemporaryDirectory(prefix: "segue-facts")
        let path = folder.file("segue.db")
        _ = try SyntheticLibrary.generate(at: path, options: .init(tracks: 300, seed: 3))
        let database = try AppDatabase(path: path)
        let config = try SegueConfig.parse(yaml: "", filePath: nil, environment: [:]).index
        _ = try IndexBuilder(database: database, settings: IndexSettings(config: config)).run()
        let store = LibraryFactsStore(database: database)
        let first = try store.neighbourFacts(dryRun: false)
        #expect(first == (try database.pool.read(plainFacts)))
        #expect(!first.inDegree.isEmpty && first.medianInDegree > 0)
        // Each list counts its first `hubRanks` neighbours (stored ranks start at 1).
        let lists = try database.pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(DISTINCT track_id) FROM neighbours") ?? 0 }
        #expect(first.inDegree.values.reduce(0, +) == lists * NeighbourFacts.hubRanks)

        // Rows changed behind the index's back are not seen: the stored facts stand...
        let hub = try #require(first.inDegree.max { ($0.value, -$0.key) < ($1.value, -$1.key) }?.key)
        try database.pool.write { db in
            try db.execute(sql: "UPDATE neighbours SET neighbour_id = ? WHERE rank = 1 AND track_id != ?", arguments: [hub, hub])
        }
        #expect(try store.neighbourFacts(dryRun: false) == first)
        // ...until an index build, after which they are those of the graph it wrote.
        _ = try IndexBuilder(database: database, settings: IndexSettings(config: config)).run(force: true)
        let rebuilt = try database.pool.read(plainFacts)
        let second = try store.neighbourFacts(dryRun: false)
        #expect(second == rebuilt)
        try database.pool.write { db in
            try db.execute(sql: "UPDATE neighbours SET neighbour_id = ? WHERE rank = 1 AND track_id != ?", arguments: [hub, hub])
            try db.execute(sql: "UPDATE index_meta SET value = 'later' WHERE key = 'built_at'")
        }
        let skewed = try store.neighbourFacts(dryRun: false)
        #expect(skewed == (try database.pool.read(plainFacts)))
        #expect(skewed.inDegree[hub]! > second.inDegree[hub]!)
    }

    /// Ids beyond the dense range the tally counts in an array are counted all the same.
    @Test func neighbourTallyCountsIdsBeyondItsArray() {
        var dense = NeighbourFacts.Tally(expectedTracks: 4, largestID: 1_000_000)
        var sparse = NeighbourFacts.Tally(expectedTracks: 0, largestID: 2)
        let rows: [(Int64, Int64, Bool)] = [(1, 2, false), (1, 900_000, true), (2, 1, false), (2, 900_000, false),
                                            (900_000, 1, true), (900_000, 2, false), (3, 900_000, false)]
        for (track, neighbour, twin) in rows {
            dense.add(track: track, neighbour: neighbour, isTwin: twin)
            sparse.add(track: track, neighbour: neighbour, isTwin: twin)
        }
        #expect(dense.facts == sparse.facts)
        #expect(sparse.facts.inDegree == [1: 2, 2: 2, 900_000: 3])
        // Listed tracks 1, 2, 3 and 900000 have in-degrees 2, 2, 0 and 3.
        #expect(sparse.facts.medianInDegree == 2)
        #expect(sparse.facts.audioPairs == [.init(a: 1, b: 900_000)])
    }
}
