import ArgumentParser
import Foundation
import GRDB
import SegueCore
import SegueIndex
import SegueTestSupport

/// `segue-dev precision`: how often a track's nearest neighbours share its album and its
/// artist, in the neighbour graph a database holds and, with `--raw`, by the plain DSP vector.
struct PrecisionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "precision",
        abstract: "Same-album and same-artist precision@k of a database's neighbour graph, with chance.",
        discussion: """
            Labels are the tracks' album and artist tags. Precision is given over all tracks and \
            over two halves of the albums (see AlbumHalves): the tune half, on which settings may \
            be chosen, and the held-out half, on which they are judged. With --raw, the same for \
            the raw DSP vector: every feature robust-normalised (median, IQR), weighted alike, \
            unclipped, compared by cosine — built by segue-index's own code on a copy of the \
            database, which stays untouched.
            """)

    @Option(name: .long, help: ArgumentHelp("Database holding tracks and an index.", valueName: "file"))
    var db: String

    @Option(name: .long, help: "Neighbours judged per track.")
    var k = 10

    @Flag(name: .long, help: "Also judge the raw DSP vector.")
    var raw = false

    func validate() throws {
        guard k > 0 else { throw ValidationError("--k must be positive") }
        guard FileManager.default.fileExists(atPath: db) else { throw ValidationError("--db \(db): no such file") }
    }

    func run() throws {
        let database = try AppDatabase(path: db, readOnly: true)
        let tracks = try database.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, album, artist FROM tracks WHERE missing_since IS NULL")
                .map { (id: $0["id"] as Int64, album: Self.label($0["album"]), artist: Self.label($0["artist"])) }
        }
        let albums = Dictionary(uniqueKeysWithValues: tracks.compactMap { t in t.album.map { (t.id, $0) } })
        let artists = Dictionary(uniqueKeysWithValues: tracks.compactMap { t in t.artist.map { (t.id, $0) } })
        let halves = AlbumHalves(trackAlbums: albums.values)
        var spaces = [("neighbour graph", try Self.neighbours(database, k: k))]
        if raw { spaces.append(("raw DSP", try rawNeighbours(database))) }
        guard let graph = spaces.first?.1, !graph.isEmpty else {
            throw ValidationError("\(db) holds no neighbour graph: run segue-index first")
        }

        print("segue-dev precision: \(graph.count) tracks, \(Set(albums.values).count) albums "
              + "(tune: \(halves.tune.count), held-out: \(halves.heldOut.count)), \(Set(artists.values).count) artists; "
              + "precision@\(k) (chance)")
        print(Self.row("space", "labels", "all", "tune", "held-out", "queries"))
        for (name, neighbours) in spaces {
            for (labelName, labels) in [("same album", albums), ("same artist", artists)] {
                let all = NeighbourPrecision.measure(neighbours: neighbours, labels: labels, k: k)
                let tune = NeighbourPrecision.measure(neighbours: neighbours, labels: labels, k: k) {
                    albums[$0].map(halves.tune.contains) ?? false
                }
                let heldOut = NeighbourPrecision.measure(neighbours: neighbours, labels: labels, k: k) {
                    albums[$0].map(halves.heldOut.contains) ?? false
                }
                print(Self.row(name, labelName, Self.figure(all), Self.figure(tune), Self.figure(heldOut),
                               "\(all.queries)"))
            }
        }
    }

    /// A tag as a label: trimmed, nil when empty.
    static func label(_ value: String?) -> String? {
        guard let trimmed = value?.trimmingCharacters(in: .whitespaces), !trimmed.isEmpty else { return nil }
        return trimmed
    }

    static func neighbours(_ database: AppDatabase, k: Int) throws -> [Int64: [Int64]] {
        try database.pool.read { db in try NeighbourPrecision.storedNeighbours(db, k: k) }
    }

    /// The graph of the raw DSP vector: the index rebuilt on a copy of the database with one
    /// family spanning the whole vector (every dimension weighted alike), no clipping, no
    /// PCA, by sound alone.
    func rawNeighbours(_ database: AppDatabase) throws -> [Int64: [Int64]] {
        let folder = try TemporaryDirectory(prefix: "segue-precision")
        let copy = folder.file("raw.db")
        // VACUUM cannot run inside the transaction `read` opens.
        try database.pool.unsafeRead { db in try db.execute(sql: "VACUUM INTO ?", arguments: [copy]) }
        var config = try SegueConfig.parse(yaml: "", filePath: nil, environment: [:]).index
        config.sonicWeight = 1
        config.similarArtistBoost = 0
        config.clip = 100
        config.pcaVariance = 0
        let flat = FeatureGroups(groups: [.init(family: .timbre, range: 0..<FeatureGroups.standard.dimension)])
        let rawDatabase = try AppDatabase(path: copy)
        _ = try IndexBuilder(database: rawDatabase, settings: IndexSettings(config: config, groups: flat)).run(force: true)
        return try Self.neighbours(rawDatabase, k: k)
    }

    static func figure(_ result: NeighbourPrecision) -> String {
        String(format: "%.3f (%.3f)", result.precision, result.chance)
    }

    static func row(_ columns: String...) -> String {
        let widths = [16, 12, 16, 16, 16, 7]
        return zip(columns, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: " ")
            .trimmingCharacters(in: .whitespaces)
    }
}
