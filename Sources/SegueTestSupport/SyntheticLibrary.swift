import Foundation
import GRDB
import SegueCore
import SegueIndex

/// A random but structured library written straight into a database, for tests and benchmarks
/// of the index and of export: styles with their own sound, tempo and genre set; artists of
/// one style; albums of ten-odd tracks; genres at artist, album and track level from several
/// sources; a few tracks without features and artists without genres. No audio files.
public struct SyntheticLibrary: Sendable {
    public struct Style: Sendable {
        public var name: String
        /// The style's genres, the defining one first.
        public var genres: [String]
        public var bpm: ClosedRange<Double>
    }

    public struct Options: Sendable {
        public var tracks: Int
        public var seed: UInt64
        public var featureDimension = FeatureGroups.standard.vectorDimension
        /// Share of tracks without sonic features.
        public var missingFeatures = 0.03
        /// Share of artists without any genre (their albums and tracks have none either).
        public var missingGenres = 0.05
        public var tracksPerAlbum = 11
        public var albumsPerArtist = 2

        public init(tracks: Int, seed: UInt64 = 1) {
            self.tracks = tracks
            self.seed = seed
        }
    }

    public static let styles: [Style] = [
        Style(name: "post-punk", genres: ["post-punk", "new wave", "gothic rock"], bpm: 120...150),
        Style(name: "synthpop", genres: ["synthpop", "new wave", "electronic"], bpm: 110...130),
        Style(name: "trance", genres: ["trance", "progressive trance", "electronic"], bpm: 134...142),
        Style(name: "techno", genres: ["techno", "minimal techno", "electronic"], bpm: 125...135),
        Style(name: "deep house", genres: ["deep house", "house", "electronic"], bpm: 118...125),
        Style(name: "jazz", genres: ["jazz", "hard bop", "bebop"], bpm: 90...200),
        Style(name: "classical", genres: ["classical", "baroque", "romantic"], bpm: 60...120),
        Style(name: "hip hop", genres: ["hip hop", "boom bap", "east coast hip hop"], bpm: 85...98),
        Style(name: "metal", genres: ["heavy metal", "thrash metal", "metal"], bpm: 140...200),
        Style(name: "folk", genres: ["indie folk", "folk", "singer-songwriter"], bpm: 80...120),
        Style(name: "ambient", genres: ["ambient", "drone", "electronic"], bpm: 60...90),
        Style(name: "drum and bass", genres: ["drum and bass", "liquid funk", "electronic"], bpm: 170...176),
        Style(name: "soul", genres: ["soul", "funk", "rhythm and blues"], bpm: 95...115),
        Style(name: "reggae", genres: ["reggae", "roots reggae", "dub"], bpm: 70...85),
    ]

    /// Parents written to `genre_parents` when the genres stage has created that table.
    public static let genreParents: [(String, String)] = [
        ("post-punk", "rock"), ("new wave", "rock"), ("gothic rock", "rock"), ("heavy metal", "rock"),
        ("trance", "electronic"), ("techno", "electronic"), ("house", "electronic"), ("synthpop", "electronic"),
        ("drum and bass", "electronic"), ("ambient", "electronic"), ("hard bop", "jazz"), ("bebop", "jazz"),
        ("baroque", "classical"), ("romantic", "classical"), ("boom bap", "hip hop"), ("liquid funk", "drum and bass"),
        ("roots reggae", "reggae"), ("dub", "reggae"), ("indie folk", "folk"), ("funk", "soul"),
    ]

    /// Each track's style (an index into `styles`).
    public let trackStyles: [Int64: Int]
    public let artistCount: Int
    public let albumCount: Int

    private static let keys = ["C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"]

    /// Writes the library into the database at `path` (created and migrated if needed).
    public static func generate(at path: String, options: Options) throws -> SyntheticLibrary {
        let database = try AppDatabase(path: path)
        var random = SplitMix64(seed: options.seed)
        let dimension = options.featureDimension
        // Raw features come in wildly different units, as real ones do (Hz, dB, counts).
        let offsets = (0..<dimension).map { _ in Float(random.normal() * 50) }
        let scales = (0..<dimension).map { _ in Float(pow(10, Double.random(in: -2...3, using: &random))) }
        let centroids = styles.map { _ in (0..<dimension).map { _ in Float(random.normal()) } }
        let tracksPerArtist = options.tracksPerAlbum * options.albumsPerArtist
        let artistCount = max(1, (options.tracks + tracksPerArtist - 1) / tracksPerArtist)
        var trackStyles: [Int64: Int] = [:]
        var albumCount = 0

        try database.pool.write { db in
            let featureColumns = try db.columns(in: "sonic_features").map(\.name)
            let segmentColumn = featureColumns.first { $0.lowercased().contains("segment") }
            let now = Date()
            let insertArtist = try db.makeStatement(sql: "INSERT INTO artists (id, name, match_key) VALUES (?, ?, ?)")
            let insertAlbum = try db.makeStatement(sql: """
                INSERT INTO albums (id, title, album_artist, match_key, artist_id, year) VALUES (?, ?, ?, ?, ?, ?)
                """)
            let insertTrack = try db.makeStatement(sql: """
                INSERT INTO tracks (id, path, size, mtime, title, artist, album_artist, album, track_number, year,
                    duration_ms, codec, sample_rate, channels, bitrate, artist_id, album_id, content_changed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'flac', 44100, 2, 900, ?, ?, ?)
                """)
            let insertFeatures = try db.makeStatement(sql: """
                INSERT INTO sonic_features (track_id, version, vector, bpm, musical_key, mode, loudness_lufs, energy,
                    analyzed_at\(segmentColumn.map { ", \"\($0)\"" } ?? "")) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?\(segmentColumn == nil ? "" : ", ?"))
                """)
            let insertArtistGenre = try db.makeStatement(sql: "INSERT INTO artist_genres (artist_id, genre, weight, source) VALUES (?, ?, ?, ?)")
            let insertAlbumGenre = try db.makeStatement(sql: "INSERT INTO album_genres (album_id, genre, weight, source) VALUES (?, ?, ?, ?)")
            let insertTrackGenre = try db.makeStatement(sql: "INSERT INTO track_genres (track_id, genre, weight, source) VALUES (?, ?, ?, ?)")

            var trackID: Int64 = 0
            for artistIndex in 0..<artistCount where Int(trackID) < options.tracks {
                let artistID = Int64(artistIndex + 1)
                let style = Int.random(in: 0..<styles.count, using: &random)
                let genres = styles[style].genres
                let artistName = "Artist \(artistID)"
                try insertArtist.execute(arguments: [artistID, artistName, "artist \(artistID)"])
                let hasGenres = !random.chance(options.missingGenres)
                if hasGenres {
                    for (rank, genre) in genres.enumerated() {
                        try insertArtistGenre.execute(arguments: [artistID, genre, Double(90 - rank * 25), "lastfm"])
                        if rank < 2 { try insertArtistGenre.execute(arguments: [artistID, genre, Double(5 - rank * 2), "musicbrainz"]) }
                    }
                    if random.chance(0.1) {
                        // Some noise: a tag from another style.
                        let stray = styles[Int.random(in: 0..<styles.count, using: &random)].genres[0]
                        if !genres.contains(stray) { try insertArtistGenre.execute(arguments: [artistID, stray, 15.0, "lastfm"]) }
                    }
                }
                let artistOffset = (0..<dimension).map { _ in Float(random.normal() * 0.6) }
                for _ in 0..<options.albumsPerArtist where Int(trackID) < options.tracks {
                    albumCount += 1
                    let albumID = Int64(albumCount)
                    let albumTitle = "Album \(albumID)"
                    let year = Int.random(in: 1960...2024, using: &random)
                    try insertAlbum.execute(arguments: [albumID, albumTitle, artistName, "album \(albumID)", artistID, year])
                    if hasGenres, random.chance(0.6) {
                        try insertAlbumGenre.execute(arguments: [albumID, genres[0], 3.0, "musicbrainz"])
                        try insertAlbumGenre.execute(arguments: [albumID, genres[Int.random(in: 1..<genres.count, using: &random)], 1.0, "musicbrainz"])
                    }
                    for number in 1...options.tracksPerAlbum where Int(trackID) < options.tracks {
                        trackID += 1
                        trackStyles[trackID] = style
                        try insertTrack.execute(arguments: [
                            trackID, "/synthetic/\(artistName)/\(albumTitle)/\(number).flac", 30_000_000, 1_700_000_000.0,
                            "Track \(trackID)", artistName, artistName, albumTitle, number, year,
                            Int.random(in: 120_000...480_000, using: &random), artistID, albumID, now])
                        if hasGenres, random.chance(0.3) {
                            try insertTrackGenre.execute(arguments: [trackID, genres[random.chance(0.8) ? 0 : 1], 1.0, "file"])
                        }
                        guard !random.chance(options.missingFeatures) else { continue }
                        var values = (0..<dimension).map { centroids[style][$0] + artistOffset[$0] + Float(random.normal()) }
                        if random.chance(0.005) {
                            values[Int.random(in: 0..<dimension, using: &random)] *= 100
                        }
                        let segments = (0..<3).flatMap { _ in values.map { $0 + Float(random.normal() * 0.4) } }
                        func raw(_ value: Float, _ dim: Int) -> Float { offsets[dim] + scales[dim] * value }
                        let vector = values.enumerated().map { raw($1, $0) }
                        let segmentVector = segments.enumerated().map { raw($1, $0 % dimension) }
                        let mode = random.chance(0.6) ? "major" : "minor"
                        var arguments: [(any DatabaseValueConvertible)?] = [
                            trackID, Matrix.blob(fromFloats: vector), Double.random(in: styles[style].bpm, using: &random).rounded(),
                            keys[Int.random(in: 0..<12, using: &random)], mode, Double.random(in: -16 ... -6, using: &random),
                            Double.random(in: 0...1, using: &random), now]
                        if segmentColumn != nil { arguments.append(Matrix.blob(fromFloats: segmentVector)) }
                        try insertFeatures.execute(arguments: StatementArguments(arguments))
                    }
                }
            }
            try writeOptionalTables(db)
        }
        return SyntheticLibrary(trackStyles: trackStyles, artistCount: artistCount, albumCount: albumCount)
    }

    /// The genre tree goes in only when the genres stage's schema has the table.
    private static func writeOptionalTables(_ db: Database) throws {
        guard try db.tableExists("genre_parents") else { return }
        let columns = Set(try db.columns(in: "genre_parents").map(\.name))
        guard columns.isSuperset(of: ["genre", "parent"]) else { return }
        for (genre, parent) in genreParents {
            try db.execute(sql: "INSERT OR IGNORE INTO genre_parents (genre, parent) VALUES (?, ?)", arguments: [genre, parent])
        }
    }
}
