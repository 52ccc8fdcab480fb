import Foundation
import SegueCore
import SegueTestSupport

/// The generated library every night plays on, made once per test run: 200 short tracks in
/// every format users have, real tags, broken files, and what the simulated MusicBrainz,
/// Last.fm and ListenBrainz know about its artists (found by scanning it once).
final class SharedLibrary: Sendable {
    static let trackCount = 200
    static let listenbrainzUser = "night-owl"

    let folder: TemporaryDirectory
    let manifest: LibraryManifest
    let services: FixtureLibrary

    var music: String { folder.file("music") }

    private static let made: Result<SharedLibrary, any Error> = Result { try SharedLibrary() }

    static func get() throws -> SharedLibrary {
        try made.get()
    }

    private init() throws {
        folder = try TemporaryDirectory(prefix: "segue-e2e-library")
        let generated = try ProcessRunner.runStage("segue-dev", [
            "generate-library", "--out", folder.file("music"), "--tracks", "\(Self.trackCount)",
            "--seconds", "6", "--seed", "7", "--broken",
        ])
        guard generated.status == 0 else { throw HarnessError.setup("generate-library: \(generated.stderr)") }
        manifest = try LibraryManifest.load(from: folder.file("music"))

        let scratch = folder.file("scratch.db")
        let scanned = try ProcessRunner.runStage("segue-scan", ["--db", scratch, "--quiet"],
                                                 environment: ["SEGUE_MUSIC_DIR": folder.file("music"), "PATH": Installation.path])
        guard scanned.status == 0 else { throw HarnessError.setup("scan: \(scanned.stderr)") }
        var library = try SyntheticGenreLibrary.fixtureLibrary(from: AppDatabase(path: scratch))
        library.listens[Self.listenbrainzUser] = Self.listens(of: manifest)
        services = library
    }

    /// A week of plays of the tagged tracks, most of them by a few favourite artists.
    private static func listens(of manifest: LibraryManifest) -> [FixtureLibrary.Listen] {
        let tagged = manifest.tracks.filter { $0.tags["ARTIST"]?.first != nil && $0.tags["TITLE"]?.first != nil }
        let now = Int(Date().timeIntervalSince1970)
        return tagged.prefix(30).enumerated().flatMap { index, track in
            let plays = index < 10 ? 5 : 1
            return (0..<plays).map { play in
                FixtureLibrary.Listen(listenedAt: now - 3600 * (index * 5 + play + 1),
                                      artist: track.tags["ARTIST"]![0], title: track.tags["TITLE"]![0],
                                      album: track.tags["ALBUM"]?.first ?? "")
            }
        }
    }
}

enum HarnessError: Error, CustomStringConvertible {
    case setup(String)

    var description: String {
        switch self {
        case let .setup(message): "end-to-end setup failed: \(message)"
        }
    }
}
