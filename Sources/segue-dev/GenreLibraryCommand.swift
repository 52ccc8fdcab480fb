import ArgumentParser
import Foundation
import SegueCore
import SegueTestSupport

/// `segue-dev genre-library`: a database of artists and albums (no audio) for the genre
/// stage's benchmark.
struct GenreLibraryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "genre-library",
        abstract: "Write a library database of artists and albums (no audio) for genre benchmarks.")

    @Option(help: ArgumentHelp("Database to create.", valueName: "file"))
    var db: String

    @Option(help: "Number of artists.")
    var artists: Int

    @Option(name: .customLong("albums-per-artist"), help: "Albums of each artist.")
    var albumsPerArtist: Int = 2

    @Flag(name: .customLong("without-mbids"), help: "Leave the artists' and albums' MBIDs out (found by name search instead).")
    var withoutMBIDs = false

    func validate() throws {
        guard artists >= 0, albumsPerArtist >= 0 else { throw ValidationError("counts must not be negative") }
        guard !FileManager.default.fileExists(atPath: db) else { throw ValidationError("--db \(db) already exists") }
    }

    func run() throws {
        let database = try AppDatabase(path: db)
        try SyntheticGenreLibrary.populate(database, artists: artists, albumsPerArtist: albumsPerArtist,
                                           withArtistMBIDs: !withoutMBIDs, withReleaseGroupMBIDs: !withoutMBIDs)
        print("segue-dev: wrote \(artists) artists and \(artists * albumsPerArtist) albums to \(db)")
    }
}
