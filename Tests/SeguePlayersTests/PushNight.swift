import Foundation
import SegueCore
import SegueTestSupport

/// A small real library (generated, scanned, analysed and indexed by the executables) and a
/// config to export it with, for pushes run through `segue-export` as cron runs it.
final class PushNight: @unchecked Sendable {
    let folder: TemporaryDirectory
    let manifest: LibraryManifest
    var music: String { folder.file("music") }
    var database: String { folder.file("segue.db") }
    var config: String { folder.file("config.yaml") }
    var playlists: String { folder.file("playlists") }

    init(prefix: String, tracks: Int = 12) throws {
        folder = try TemporaryDirectory(prefix: prefix)
        let generated = try ProcessRunner.runStage("segue-dev", ["generate-library", "--out", folder.file("music"), "--tracks", "\(tracks)",
                                                                 "--seconds", "3", "--seed", "11"])
        guard generated.status == 0 else { throw SupysonicError("generate-library: \(generated.stderr)") }
        manifest = try LibraryManifest.load(from: folder.file("music"))
        for stage in ["segue-scan", "segue-analyze", "segue-index"] {
            let run = try ProcessRunner.runStage(stage, ["--db", folder.file("segue.db"), "--quiet"],
                                                 environment: ["SEGUE_MUSIC_DIR": folder.file("music"), "PATH": "/usr/bin:/bin"])
            guard run.status == 0 else { throw SupysonicError("\(stage): \(run.stderr)") }
        }
    }

    /// Two artists of the library, to seed playlists from.
    var artists: [String] {
        Array(Set(manifest.tracks.compactMap { $0.tags["ARTIST"]?.first })).sorted()
    }

    /// Each definition grows from one artist of the library, in turn, unless `seeds` names another.
    func writeConfig(definitions: [String], players: String, seeds: [String: String] = [:]) throws {
        let lines = definitions.enumerated().map { number, name in
            "    - {name: '\(name)', seed_artists: ['\(seeds[name] ?? artists[number % artists.count])'], tracks: 4}"
        }
        try """
            library:
              music_dirs: ["\(music)"]
              database: "\(database)"
            playlists:
              output_dir: "\(playlists)"
              library_mixes: {count: 0}
              from_history: {artists: 0}
              defaults: {min_track_seconds: 0, max_per_artist: 12, artist_window: 1, album_spacing: 1, genre_floor: 0}
              definitions:
            \(lines.joined(separator: "\n"))
            players:
              http: {retry_base_seconds: 0, max_consecutive_failures: 2, timeout_seconds: 10}
            \(players)
            """.write(toFile: config, atomically: true, encoding: .utf8)
    }

    func export(_ arguments: [String] = [], environment: [String: String] = [:]) throws -> ProcessResult {
        try ProcessRunner.runStage("segue-export", ["--config", config] + arguments,
                                   environment: ["PATH": "/usr/bin:/bin"].merging(environment) { $1 })
    }

    /// The entries of a written playlist, relative to the music folder.
    func entries(of name: String) throws -> [String] {
        let text = try String(contentsOfFile: (playlists as NSString).appendingPathComponent(name + ".m3u8"), encoding: .utf8)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let full = ((playlists as NSString).appendingPathComponent(String(line)) as NSString).standardizingPath
            return String(full.dropFirst(music.count + 1))
        }
    }
}
