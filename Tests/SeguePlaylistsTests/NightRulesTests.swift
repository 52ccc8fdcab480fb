import Foundation
import GRDB
import Testing
import SegueCore
import SegueIndex
import SegueTestSupport

/// Rules over a whole night and over nights, through `segue-export` on synthetic databases
/// (`segue-dev synth-db`, indexed by `segue-index`): one playlist per track a night, hubs
/// damped and explained, library mixes that last while the library grows, several seeds
/// blended, a seed playlist file, and a path from one track to another.
struct NightRulesTests {
    let folder: TemporaryDirectory
    let database: String
    /// Each track's style (an index into `SyntheticLibrary.styles`).
    let styles: [Int64: Int]

    init() throws {
        folder = try TemporaryDirectory(prefix: "segue-night-rules")
        database = folder.file("segue.db")
        styles = try SyntheticLibrary.generate(at: database, options: .init(tracks: 440)).trackStyles
    }

    /// The first analysed track of a style other than those of `others`.
    func analysedTrack(notOfStyles others: [Int] = [], last: Bool = false) throws -> Int64 {
        let analysed = try read { try Int64.fetchAll($0, sql: "SELECT track_id FROM sonic_features ORDER BY track_id") }
        let candidates = analysed.filter { !others.contains(styles[$0]!) }
        return try #require(last ? candidates.last : candidates.first)
    }

    @discardableResult
    func index() throws -> ProcessResult {
        let run = try ProcessRunner.runStage("segue-index", ["--db", database, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        return run
    }

    @discardableResult
    func export(_ playlists: String = "", _ arguments: [String] = []) throws -> ProcessResult {
        let config = folder.file("config.yaml")
        try "library:\n  music_dirs: [/synthetic]\nplaylists:\n  output_dir: \(folder.file("playlists"))\n\(playlists)"
            .write(toFile: config, atomically: true, encoding: .utf8)
        let run = try ProcessRunner.runStage("segue-export", ["--config", config, "--db", database] + arguments)
        #expect(run.status == 0, "\(run.stderr)")
        return run
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try DatabaseQueue(path: database).read(body)
    }

    /// Each playlist's track ids, by name.
    func playlists() throws -> [String: [Int64]] {
        try read { db in
            var result: [String: [Int64]] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT p.name, pt.track_id FROM playlist_tracks pt JOIN playlists p ON p.id = pt.playlist_id ORDER BY p.name, pt.position
                """) {
                result[row[0], default: []].append(row[1])
            }
            return result
        }
    }

    func path(of id: Int64) throws -> String {
        try read { try String.fetchOne($0, sql: "SELECT path FROM tracks WHERE id = ?", arguments: [id])! }
    }

    @Test func noTrackInTwoPlaylistsOfOneNightByDefault() throws {
        try index()
        // Two playlists from one artist and the eight mixes: plenty of overlap to avoid.
        let definitions = """
              defaults: {tracks: 20}
              definitions:
                - {name: One, seed_artists: [Artist 3]}
                - {name: Two, seed_artists: [Artist 3]}
            """
        try export(definitions, ["--date", "2026-11-29"])
        let capped = try playlists()
        #expect(capped.count == 10)
        let all = capped.values.flatMap { $0 }
        #expect(Set(all).count == all.count, "a track is in two of tonight's playlists")
        #expect(capped["Two"]?.count == 20)

        try export("  max_playlists_per_track: 0\n" + definitions, ["--date", "2026-11-29"])
        let free = try playlists()
        #expect(!Set(free["One"]!).isDisjoint(with: free["Two"]!), "without the cap the two playlists of one artist overlap")
    }

    @Test func libraryMixesKeepTheirNamesAndMembersAsTheLibraryGrows() throws {
        // Night 1 on 400 of the tracks; night 2 with the other 40 (every eleventh) back.
        try DatabaseQueue(path: database).write { db in
            try db.execute(sql: "UPDATE tracks SET missing_since = '2026-11-01' WHERE id % 11 = 0")
        }
        try index()
        // Mixes of 12, so a night has enough of its mix left that the last nights did not give.
        let rules = "  defaults: {tracks: 12, max_per_artist: 6}\n"
        try export(rules, ["--date", "2026-11-29"])
        let first = try mixes()
        #expect(first.count == 8)
        let firstFiles = try FileManager.default.contentsOfDirectory(atPath: folder.file("playlists")).sorted()

        try DatabaseQueue(path: database).write { db in
            try db.execute(sql: "UPDATE tracks SET missing_since = NULL")
        }
        try index()
        try export(rules, ["--date", "2026-11-30"])
        let second = try mixes()
        #expect(Set(second.keys) == Set(first.keys), "mix names changed: \(first.keys.sorted()) → \(second.keys.sorted())")
        for (name, members) in first {
            let kept = Double(members.intersection(second[name] ?? []).count) / Double(members.count)
            #expect(kept >= 0.8, "\(name) kept \(kept) of its members")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.file("playlists")).sorted() == firstFiles)
        // The rotation memory follows the name: night 2 avoids what night 1 gave, unless a mix
        // had to allow it again (and says so).
        let repeats = try read { db in
            try Row.fetchAll(db, sql: """
                SELECT p.name, p.relaxations, COUNT(b.track_id) AS repeated FROM playlists p
                LEFT JOIN playlist_rotation a ON a.playlist_name = p.name AND a.night = '2026-11-29'
                LEFT JOIN playlist_rotation b ON b.playlist_name = p.name AND b.night = '2026-11-30' AND b.track_id = a.track_id
                GROUP BY p.name
                """).map { (name: $0["name"] as String, relaxed: ($0["relaxations"] as String? ?? "").contains("recent nights"),
                            repeated: $0["repeated"] as Int) }
        }
        #expect(repeats.filter { !$0.relaxed }.count >= 6, "\(repeats)")
        for mix in repeats where !mix.relaxed {
            #expect(mix.repeated == 0, "\(mix.name) gives again \(mix.repeated) tracks of the night before")
        }
        for name in first.keys {
            #expect(name.hasPrefix("Library Mix ("), "\(name) is not named by what characterises it")
        }
    }

    /// Members of each library mix (its cluster), by name.
    func mixes() throws -> [String: Set<Int64>] {
        try read { db in
            var result: [String: Set<Int64>] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT m.name, c.track_id FROM playlist_clusters c JOIN playlist_mixes m ON m.id = c.cluster
                """) {
                result[row[0], default: []].insert(row[1])
            }
            return result
        }
    }

    @Test func hubsAreDampedAndExplained() throws {
        try index()
        // The track most often among the ten nearest of others, and a track listing it third or better.
        let (hub, lister) = try read { db -> (Int64, Int64) in
            let top = try Row.fetchOne(db, sql: """
                SELECT neighbour_id, COUNT(*) AS degree FROM neighbours WHERE rank <= 10
                GROUP BY neighbour_id ORDER BY degree DESC, neighbour_id LIMIT 1
                """)!
            let lister = try Int64.fetchOne(db, sql: "SELECT track_id FROM neighbours WHERE neighbour_id = ? AND rank < 3 ORDER BY track_id",
                                            arguments: [top[0]])!
            return (top[0], lister)
        }
        let seed = ["--track", try path(of: lister), "--date", "2026-11-29"]
        func playlist(_ hubs: String, tracks: Int) throws -> [Int64] {
            try export("  defaults: {freshness: 0, album_spacing: 1, artist_window: 1, max_per_artist: 10}\n  hubs: \(hubs)\n",
                       seed + ["--tracks", "\(tracks)"])
            return try playlists().values.first ?? []
        }
        #expect(try playlist("{damping: 0}", tracks: 10).contains(hub))
        #expect(try !playlist("{threshold: 1.5, damping: 4}", tracks: 10).contains(hub))
        // --explain names each damped hub with its count, the median and the factor.
        let explained = try export("  hubs: {threshold: 1.5}\n", seed + ["--tracks", "60", "--dry-run", "--explain"]).stdout
        let hubLines = explained.split(separator: "\n").filter { $0.contains("hub: ") }
        #expect(!hubLines.isEmpty, "\(explained)")
        let lines = explained.split(separator: "\n").map(String.init)
        for (number, line) in lines.enumerated() where line.contains("hub: ") {
            // "  7. Artist 3 - Track 58 (4:10)" above "why: …, hub: among the 10 nearest of 15 tracks (median 8), score ×0.89; …"
            let id = try #require(lines[number - 1].firstMatch(of: /- Track (\d+) \(/).flatMap { Int64($0.1) })
            let match = try #require(line.firstMatch(of: /among the 10 nearest of (\d+) tracks \(median (\d+)\), score ×([0-9.]+)/))
            let (count, median, factor) = (Int(match.1)!, Int(match.2)!, Double(match.3)!)
            let stored = try read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM neighbours WHERE neighbour_id = ? AND rank <= 10", arguments: [id]) }
            #expect(stored == count)
            #expect(Double(count) > 1.5 * Double(median))
            #expect(abs(factor - (1.5 * Double(median) / Double(count)).squareRoot()) < 0.006)
        }
    }

    @Test func severalTracksBlendTheirNeighbourhoods() throws {
        try index()
        // Two seeds of different styles: the playlist draws on both sides.
        let a = try analysedTrack()
        let b = try analysedTrack(notOfStyles: [styles[a]!])
        let run = try export("", ["--track", try path(of: a), "--track", try path(of: b), "--tracks", "20", "--date", "2026-11-29"])
        let ids = try #require(try playlists().values.first)
        #expect(ids.count == 20)
        #expect(Set(ids).isSuperset(of: [a, b]))
        let sideA = ids.filter { styles[$0] == styles[a] }.count, sideB = ids.filter { styles[$0] == styles[b] }.count
        #expect(sideA >= 5 && sideB >= 5, "style of \(a): \(sideA) tracks, of \(b): \(sideB); \(run.stdout)")
    }

    @Test func aSeedPlaylistFile() throws {
        try index()
        // Three tracks of three albums.
        let paths = try read { try String.fetchAll($0, sql: "SELECT path FROM tracks WHERE id IN (5, 16, 27) ORDER BY id") }
        let file = folder.file("favourites.m3u8")
        // An absolute entry, one written relative to another machine's music folder, and one that is not in the library.
        try "#EXTM3U\n#EXTINF:200,x\n\(paths[0])\n../Music/\(paths[1].dropFirst("/synthetic/".count))\n\(paths[2])\n/elsewhere/gone.flac\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let run = try export("  library_mixes: {count: 0}\n  definitions:\n    - {name: Favourites, seed_playlist: \(file), tracks: 15}\n")
        #expect(run.stderr.contains("1 of the 4 entries of \(file) are not in the library"), "\(run.stderr)")
        let ids = try #require(try playlists()["Favourites"])
        #expect(ids.count == 15)
        #expect(Set(ids).isSuperset(of: [5, 16, 27]))

        let missing = try export("  library_mixes: {count: 0}\n  definitions:\n    - {name: Gone, seed_playlist: \(folder.file("none.m3u8"))}\n")
        #expect(missing.stderr.contains("seed_playlist \(folder.file("none.m3u8")) cannot be read"), "\(missing.stderr)")
    }

    @Test func aPathFromOneTrackToAnother() throws {
        try index()
        let a = try analysedTrack()
        let b = try analysedTrack(notOfStyles: [styles[a]!], last: true)
        let run = try export("", ["--from", try path(of: a), "--to", try path(of: b), "--tracks", "12", "--explain", "--date", "2026-11-29"])
        let ids = try #require(try playlists().values.first)
        #expect(ids.count == 12)
        #expect(ids.first == a && ids.last == b)
        #expect(run.stdout.contains("why: step 2 of 12, 9 % of the way: fit "), "\(run.stdout)")
        #expect(run.stdout.contains("why: step 11 of 12, 91 % of the way"))

        let index = try SimilarityIndex.load(database: try AppDatabase(path: database))
        // Smooth: its transitions beat the mean transition between any two of its tracks.
        let steps = zip(ids, ids.dropFirst()).map { index.transitionScore(from: $0, to: $1)!.score }
        var pairs: [Double] = []
        for x in ids { for y in ids where x != y { pairs.append(index.transitionScore(from: x, to: y)!.score) } }
        let mean = steps.reduce(0, +) / Double(steps.count), pairMean = pairs.reduce(0, +) / Double(pairs.count)
        #expect(mean >= pairMean, "path transitions \(mean), any two of its tracks \(pairMean)")
        // It keeps its direction: every track of its first third is nearer A, relative to B, than
        // every track of its last third, and no step falls back by half the way. (Not each step
        // ahead of the one before: tracks of one style are about as near A as each other, and
        // the swaps for smoother transitions reorder them.)
        let progress = ids.map { index.similarity($0, b).score - index.similarity($0, a).score }
        let third = ids.count / 3
        #expect(progress.prefix(third).max()! < progress.suffix(third).min()!, "progress towards B along the path: \(progress)")
        let way = progress.last! - progress.first!
        let setback = zip(progress, progress.dropFirst()).map { $0 - $1 }.max()!
        #expect(setback < way / 2, "progress towards B along the path: \(progress)")

        let config = folder.file("config.yaml")
        let lonely = try ProcessRunner.runStage("segue-export", ["--config", config, "--db", database, "--from", try path(of: a)])
        #expect(lonely.status == 2 && lonely.stderr.contains("--from and --to go together"), "\(lonely.stderr)")
        let unknown = try ProcessRunner.runStage("segue-export", ["--config", config, "--db", database, "--from", "/nowhere.flac",
                                                                  "--to", try path(of: b)])
        #expect(unknown.status == 2 && unknown.stderr.contains("--from '/nowhere.flac' matches no track in the library"), "\(unknown.stderr)")
    }
}
