import Foundation
import GRDB
import Testing
import SegueCore
@testable import SeguePlaylists
import SegueIndex
import SegueTestSupport

/// The playlist rules through `segue-export`, on a generated library in real formats that the
/// real stages scanned, analysed and indexed (`RulesLibrary`).
@Suite struct PlaylistRulesTests {
    let library: RulesLibrary
    let folder: TemporaryDirectory
    let database: String

    init() throws {
        library = try RulesLibrary.get()
        folder = try TemporaryDirectory(prefix: "segue-rules")
        database = try library.database(in: folder)
    }

    /// Rules that leave every track of the small library in reach.
    static let everything = "tracks: 40, min_track_seconds: 0, genre_floor: 0, max_per_artist: 40, artist_window: 1, album_spacing: 1"

    func export(_ definitions: String, _ arguments: [String] = [], extra: String = "") throws -> ProcessResult {
        let config = folder.file("config.yaml")
        try """
            library:
              music_dirs: [\(library.music)]
            playlists:
              output_dir: \(folder.file("playlists"))
              library_mixes: {count: 0}
            \(extra)  definitions:
            \(definitions)
            """.write(toFile: config, atomically: true, encoding: .utf8)
        return try ProcessRunner.runStage("segue-export", ["--config", config, "--db", database] + arguments, in: folder.path)
    }

    /// The library-relative paths of a playlist's tracks, in order.
    func tracks(of playlist: String) throws -> [String] {
        try DatabaseQueue(path: database).read { db in
            try String.fetchAll(db, sql: """
                SELECT t.path FROM playlist_tracks pt JOIN playlists p ON p.id = pt.playlist_id JOIN tracks t ON t.id = pt.track_id
                WHERE p.name = ? ORDER BY pt.position
                """, arguments: [playlist])
        }.map { String($0.dropFirst(library.music.count + 1)) }
    }

    @Test func eachRecordingOnceAsItsLosslessCopyAndTwoIntrosBoth() throws {
        // Seeded with a lossy copy: its FLAC stands in for it.
        let run = try export("    - {name: All, seed_tracks: [\"\(library.formatCopies[0])\"], \(Self.everything)}")
        #expect(run.status == 0, "\(run.stderr)")
        let all = try tracks(of: "All")
        #expect(all.count == RulesLibrary.baseTracks, "\(all)")
        #expect(all.first == library.formatSource)
        for copy in library.formatCopies + [library.bestOfCopy, library.audioCopy] {
            #expect(!all.contains(copy), "\(copy) is another copy of a recording in the playlist")
        }
        for source in [library.formatSource, library.bestOfSource, library.audioSource] + library.intros {
            #expect(all.contains(source), "\(source) is missing")
        }
    }

    /// Audio near-identity, calibrated here: a lossless track and its MP3 copy pass
    /// `SameAudio` (near in the index, same chroma, loudness and length), and no two
    /// different tracks of the library do.
    @Test func sameAudioInTwoFormatsIsTheSameAndNothingElseIs() throws {
        let appDatabase = try AppDatabase(path: database)
        let index = try SimilarityIndex.load(database: appDatabase)
        let (ids, profiles) = try appDatabase.pool.read { db in
            let ids = Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT id, path FROM tracks").map {
                (String(($0["path"] as String).dropFirst(library.music.count + 1)), $0["id"] as Int64)
            })
            return (ids, try LibraryFactsStore.profiles(db, ids: Array(ids.values)))
        }
        func same(_ a: String, _ b: String) throws -> (Bool, String) {
            let first = try #require(ids[a]), second = try #require(ids[b])
            let sonic = 2 * (try #require(index.similarity(first, second).sonic)) - 1
            let x = try #require(profiles[first]), y = try #require(profiles[second])
            let verdict = sonic >= SameAudio.sonicCosine && SameAudio.isSameAudio(x, y)
            return (verdict, String(format: "sonic %.4f, loudness %.2f / %.2f: %@", sonic, x.loudness ?? 0, y.loudness ?? 0,
                                    verdict ? "same" : "different"))
        }
        let copies = [(library.formatSource, library.formatCopies[0]), (library.bestOfSource, library.bestOfCopy),
                      (library.audioSource, library.audioCopy)]
        for (source, copy) in copies {
            let (verdict, detail) = try same(source, copy)
            print("same audio, \(source) vs \(copy): \(detail)")
            #expect(verdict, "\(source) vs its MP3 copy: \(detail)")
        }
        for copy in library.formatCopies.dropFirst() {
            print("same audio, \(library.formatSource) vs \(copy): \(try same(library.formatSource, copy).1)")
        }
        let signal = Dictionary(uniqueKeysWithValues: library.tracks.map { ($0.path, $0.signal ?? $0.path) })
        let paths = library.tracks.map(\.path)
        for (position, a) in paths.enumerated() {
            for b in paths[(position + 1)...] where signal[a] != signal[b] {
                let (verdict, detail) = try same(a, b)
                #expect(!verdict, "\(a) vs \(b) are different tracks: \(detail)")
            }
        }
    }

    @Test func aPopTrackOnAChristmasAlbumIsLeftOutUntilDecember() throws {
        let definition = "    - {name: All, seed_tracks: [\"\(library.formatSource)\"], \(Self.everything), "
            + "exclude: [{genre: christmas, except_months: [12]}]}"
        #expect(try export(definition, ["--date", "2026-07-15"]).status == 0)
        let july = try tracks(of: "All")
        #expect(!july.isEmpty)
        for path in library.christmasAlbum {
            #expect(!july.contains(path), "\(path) is on the Christmas album")
        }
        #expect(try export(definition, ["--date", "2026-12-15"]).status == 0)
        let december = try tracks(of: "All")
        #expect(december.contains(library.christmasPop))
        #expect(library.christmasAlbum.allSatisfy(december.contains))
    }

    @Test func aFeaturedArtistCountsAgainstBothArtistsCaps() throws {
        // Noor is only ever a guest: the seeds find her through the credited artists, and her
        // two tracks (by Kobalt and by Beton) count against her cap as well as theirs.
        // Few enough tracks that the playlist is full without relaxing the caps.
        let rules = "tracks: 4, min_track_seconds: 0, genre_floor: 0, artist_window: 1, album_spacing: 1"
        let run = try export("    - {name: Noor, seed_artists: [Noor], max_per_artist: 1, \(rules)}")
        #expect(run.status == 0, "\(run.stderr)")
        let capped = try tracks(of: "Noor")
        #expect(capped.filter(library.featuringNoor.contains).count == 1, "\(capped)")
        #expect(try export("    - {name: Noor, seed_artists: [Noor], max_per_artist: 2, \(rules)}").status == 0)
        let two = try tracks(of: "Noor")
        #expect(library.featuringNoor.allSatisfy(two.contains), "\(two)")
        let stored = try DatabaseQueue(path: database).read { db in
            try String.fetchAll(db, sql: "SELECT name FROM track_artists WHERE match_key = 'noor'")
        }
        #expect(stored == ["Noor", "Noor"])
    }
}
