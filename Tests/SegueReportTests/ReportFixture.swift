import Foundation
import GRDB
import SegueCore
@testable import SegueReport
import SegueTestSupport

/// Builds a real Segue database for the report tests: tracks clustered by genre in feature
/// space, genres from several sources, playlists walking through the clusters, stage runs,
/// failures and listens. Deterministic (SplitMix64), so reports are comparable run to run.
struct ReportFixture {
    static let genres = ["techno", "house", "ambient", "jazz", "hip hop", "folk", "classical",
                         "rock", "drum and bass", "soul", "metal", "pop", "dub"]
    static let keys = ["C", "G", "D", "A", "E", "B", "F#", "C#", "F", "A#", "D#", "G#"]

    var tracks = 600
    var dimension = 32
    var playlists = 3
    var playlistLength = 18
    var failures = 7
    var hostileNames = true
    /// Candidates drawn at each step of a playlist's walk: more gives smoother journeys.
    var walkPool = 800
    var listens = true
    /// The moment the stage runs are anchored to.
    var now = Date(timeIntervalSince1970: 1_795_000_000)

    /// The database file inside `directory`, filled.
    func build(in directory: TemporaryDirectory) throws -> AppDatabase {
        let database = try AppDatabase(path: directory.file("segue.sqlite"))
        try database.pool.write { db in try fill(db) }
        return database
    }

    private func fill(_ db: Database) throws {
        var random = SplitMix64(seed: 42)
        let centres = Self.genres.map { _ in (0..<dimension).map { _ in random.normal() * 3 } }
        // Real features vary along a few directions (tempo, brightness, density), not in
        // every dimension at once: tracks spread over a low-dimensional latent space.
        let mixing = (0..<3).map { _ in (0..<dimension).map { _ in random.normal() } }
        let artistCount = max(4, tracks / 12)
        let albumCount = max(4, tracks / 6)

        for artist in 1...artistCount {
            let name = hostileNames && artist == 1 ? "<script>alert(\"x\")</script> & Sons" : "Artist \(artist)"
            try db.execute(sql: "INSERT INTO artists (id, name, match_key) VALUES (?, ?, ?)", arguments: [artist, name, "artist \(artist)"])
            // Artist genres from MusicBrainz for most, Last.fm for some; a few have none.
            if artist % 10 != 0 {
                try db.execute(sql: "INSERT INTO artist_genres (artist_id, genre, weight, source) VALUES (?, ?, ?, 'musicbrainz')",
                               arguments: [artist, Self.genres[genreOf(artist: artist)], 1.0])
            }
            if artist % 3 == 0 {
                try db.execute(sql: "INSERT INTO artist_genres (artist_id, genre, weight, source) VALUES (?, ?, ?, 'lastfm')",
                               arguments: [artist, Self.genres[(genreOf(artist: artist) + 1) % Self.genres.count], 0.4])
            }
        }
        for album in 1...albumCount {
            let artist = (album - 1) % artistCount + 1
            try db.execute(sql: "INSERT INTO albums (id, title, album_artist, match_key, artist_id) VALUES (?, ?, ?, ?, ?)",
                           arguments: [album, "Album \(album)", "Artist \(artist)", "album \(album)", artist])
        }

        let insertTrack = try db.makeStatement(sql: """
            INSERT INTO tracks (id, path, size, mtime, title, artist, album, duration_ms, artist_id, album_id, content_changed_at, missing_since)
            VALUES (?, ?, 1000, 0, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let insertFeatures = try db.makeStatement(sql: """
            INSERT INTO sonic_features (track_id, version, vector, bpm, musical_key, mode, loudness_lufs, energy, analyzed_at)
            VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?)
            """)
        var vectors: [Int: [Float]] = [:]
        var trackKeys: [Int: String] = [:]
        for track in 1...tracks {
            let album = (track - 1) % albumCount + 1
            let artist = (album - 1) % artistCount + 1
            let genre = genreOf(artist: artist)
            let title = hostileNames && track == 2 ? "Tom & Jerry's \"<Theme>\"\nPart 2" : "Track \(track)"
            let missing: Date? = track % 97 == 0 ? now : nil
            try insertTrack.execute(arguments: [track, "/music/\(artist)/\(album)/\(track).flac", title,
                                                hostileNames && artist == 1 ? "<script>alert(\"x\")</script> & Sons" : "Artist \(artist)",
                                                "Album \(album)", 150_000 + (track * 7919) % 240_000, artist, album, now, missing])
            if track % 11 == 0 {
                try db.execute(sql: "INSERT INTO track_genres (track_id, genre, weight, source) VALUES (?, ?, 1.0, 'file')", arguments: [track, Self.genres[genre]])
            }
            guard track > failures, missing == nil else { continue }
            let latent = (0..<3).map { _ in random.normal() * 0.6 }
            let vector = (0..<dimension).map { d in
                Float(centres[genre][d] + (0..<3).reduce(0) { $0 + latent[$1] * mixing[$1][d] } + random.normal() * 0.3)
            }
            vectors[track] = vector
            let bpm = 70 + Double(genre * 9 % 80) + random.normal() * 4
            // A few keys per genre, as in real libraries, so playlists can stay in key.
            let key = Self.keys[(genre * 5 + track % 4) % Self.keys.count]
            let mode = track % 4 < 2 ? "minor" : "major"
            trackKeys[track] = "\(key) \(mode)"
            try insertFeatures.execute(arguments: [track, Self.blob(vector), bpm, key, mode,
                                                   -14 + random.normal() * 2.5, min(1, max(0, 0.5 + Double(genre % 5) * 0.1 + random.normal() * 0.08)), now])
        }
        // Analyze and scan store a kind per failure and a reason with the file's details.
        let kind = try column(db, "analysis_failures", ["kind"], adding: "TEXT NOT NULL DEFAULT 'undecodable'")
        for track in 1...failures {
            let (failure, reason) = track <= 4
                ? ("undecodable", "undecodable: invalid data found when processing input (frame \(track * 31))")
                : ("too-short", "too short: 0:0\(track) of audio (< 0:10)")
            try db.execute(sql: "INSERT INTO analysis_failures (track_id, reason, attempts, last_attempt_at, \(kind)) VALUES (?, ?, ?, ?, ?)",
                           arguments: [track, reason, track % 3 + 1, now, failure])
        }
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS scan_failures (path TEXT PRIMARY KEY, kind TEXT NOT NULL, reason TEXT NOT NULL,
                size INTEGER, mtime REAL, seen_at DATETIME NOT NULL)
            """)
        for (path, failure, reason) in [("/music/broken/a.mp3", "truncated", "truncated: ends at 61% of the declared length"),
                                        ("/music/broken/b.flac", "zero-byte", "zero-byte: empty file"),
                                        ("/music/broken/c.flac", "zero-byte", "zero-byte: empty file")] {
            try db.execute(sql: "INSERT INTO scan_failures (path, kind, reason, seen_at) VALUES (?, ?, ?, ?)",
                           arguments: [path, failure, reason, now])
        }
        try fillPlaylists(db, vectors: vectors, keys: trackKeys, random: &random)
        try fillStageRuns(db)
        if listens { try fillListens(db) }
    }

    /// Playlists built like export would: a seed, then a greedy walk to near tracks in a
    /// compatible key, drifting towards a track of another genre.
    private func fillPlaylists(_ db: Database, vectors: [Int: [Float]], keys: [Int: String], random: inout SplitMix64) throws {
        // Export's own columns when merged; the names the report reads otherwise.
        let reason = try column(db, "playlist_tracks", PlaylistQueries.reasonColumns, adding: "TEXT")
        let transition = try column(db, "playlist_tracks", PlaylistQueries.transitionColumns, adding: "REAL")
        let relaxations = try column(db, "playlists", PlaylistQueries.relaxationColumns, adding: "TEXT")
        let names = ["Late night <deep> & slow", "Morning commute", "Sunday digging", "Workout", "Dinner jazz", "Focus"]
        let ids = vectors.keys.sorted()
        for playlist in 0..<playlists {
            let name = playlist < names.count ? (hostileNames || playlist != 0 ? names[playlist] : "Late night") : "Mix \(playlist + 1)"
            let relaxed = playlist == 0 ? "more tracks per artist, closer together; BPM, key and loudness ranges dropped" : ""
            try db.execute(sql: "INSERT INTO playlists (id, name, file_path, generated_at, \(relaxations)) VALUES (?, ?, ?, ?, ?)",
                           arguments: [playlist + 1, name, "/playlists/\(name).m3u8", now, relaxed])
            var current = ids[(playlist * 7919 + 13) % ids.count]
            let target = vectors[ids[(playlist * 104_729 + 4_001) % ids.count]]!
            var used: Set<Int> = [current]
            for position in 0..<min(playlistLength, ids.count) {
                var score: Double?
                if position > 0 {
                    let here = vectors[current]!
                    let pool = (0..<min(ids.count, walkPool)).map { _ in ids[Int(random.next() % UInt64(ids.count))] }
                    let next = pool.filter { !used.contains($0) }
                        .map { candidate in
                            let drift = Self.distance(vectors[candidate]!, target) * Double(position) / Double(playlistLength)
                            let keyChange = keys[candidate] == keys[current] ? 0.0 : 3
                            return (candidate, Self.distance(here, vectors[candidate]!) + drift + keyChange + random.uniform())
                        }
                        .min { $0.1 < $1.1 } ?? (ids.first { !used.contains($0) }!, 0)
                    score = exp(-Self.distance(here, vectors[next.0]!) / 20)
                    current = next.0
                    used.insert(current)
                }
                let why = position == 0 || position == 9 ? "seed" : "similarity \(Markup.decimal(score ?? 0, digits: 2))"
                try db.execute(sql: "INSERT INTO playlist_tracks (playlist_id, position, track_id, \(reason), \(transition)) VALUES (?, ?, ?, ?, ?)",
                               arguments: [playlist + 1, position + 1, current, why, score])
            }
        }
    }

    private func column(_ db: Database, _ table: String, _ candidates: [String], adding type: String) throws -> String {
        if let existing = try SchemaProbe.column(db, table: table, candidates: candidates) { return existing }
        try db.execute(sql: "ALTER TABLE \(table) ADD COLUMN \(candidates[0]) \(type)")
        return candidates[0]
    }

    private func fillStageRuns(_ db: Database) throws {
        let runs: [(String, String, Double, String, String?)] = [
            ("scan", "ok", 12.4, "{\"added\":\(tracks),\"changed\":0,\"failed\":0}", "\(tracks) files: \(tracks) added"),
            ("analyze", "ok", 1_804, "{\"analysed\":\(tracks - failures),\"failed\":\(failures)}", "\(tracks) tracks: \(failures) failed"),
            ("genres", "temporary", 95, "{\"artists\":40,\"failed\":3}", "MusicBrainz unreachable (HTTP 503); rerun later"),
            ("index", "ok", 3.1, "{\"vectors\":\(tracks)}", "index rebuilt"),
            ("export", "ok", 0.8, "{\"playlists\":\(playlists)}", "\(playlists) playlists written"),
        ]
        for night in 0..<4 {
            for (offset, run) in runs.enumerated() {
                let started = now.addingTimeInterval(Double(night - 3) * 86_400 + Double(offset) * 1_900)
                let status = night == 1 && run.0 == "analyze" ? "failed" : (night < 3 && run.1 == "temporary" ? "ok" : run.1)
                try db.execute(sql: "INSERT INTO stage_runs (stage, started_at, finished_at, status, counts, message) VALUES (?, ?, ?, ?, ?, ?)",
                               arguments: [run.0, started, started.addingTimeInterval(run.2), status, run.3, run.4])
            }
        }
    }

    /// The listens table belongs to the genres stage; created here when it is not merged yet.
    private func fillListens(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS listens (id INTEGER PRIMARY KEY, source TEXT NOT NULL, listened_at DATETIME NOT NULL,
                artist TEXT NOT NULL, title TEXT NOT NULL, track_id INTEGER REFERENCES tracks(id) ON DELETE SET NULL)
            """)
        for listen in 0..<200 {
            let source = listen % 4 == 0 ? "listenbrainz" : "lastfm"
            let matched: Int? = listen % 5 == 0 ? nil : (listen % tracks) + 1
            try db.execute(sql: "INSERT INTO listens (source, listened_at, artist, title, track_id) VALUES (?, ?, ?, ?, ?)",
                           arguments: [source, now.addingTimeInterval(Double(-listen) * 600), "Artist", "Title \(listen)", matched])
        }
    }

    private func genreOf(artist: Int) -> Int { (artist * 7) % Self.genres.count }

    static func blob(_ vector: [Float]) -> Data {
        var data = Data(capacity: vector.count * 4)
        for value in vector { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    static func distance(_ a: [Float], _ b: [Float]) -> Double {
        zip(a, b).reduce(0) { $0 + Double(($1.0 - $1.1) * ($1.0 - $1.1)) }.squareRoot()
    }
}

/// A small deterministic generator (Vigna's SplitMix64) with uniform and normal draws.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// Box–Muller.
    mutating func normal() -> Double {
        let u = max(uniform(), 1e-12), v = uniform()
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }
}
