import Foundation
import Testing
import SegueTestSupport

/// A real player reads every exported playlist and resolves every entry: MPD over a
/// generated library scanned, analysed, indexed and exported by the stages' executables,
/// with paths relative to the music folder and with absolute paths.
struct PlayerTests {
    @Test func mpdResolvesEveryEntry() throws {
        try #require(MPDServer.isInstalled, "mpd and mpc are missing; make test installs them (apt-get install -y mpd mpc)")
        let folder = try TemporaryDirectory(prefix: "segue-mpd")
        let music = folder.file("music")
        let manifest = try LibraryGenerator(output: music, trackCount: 12, seconds: 2, seed: 3).generate()
        let output = folder.file("playlists")
        let seed = (music as NSString).appendingPathComponent(manifest.tracks[0].path)
        let names = ["Night & Day – Café", "Absolute \"quoted\" ?"]

        let database = folder.file("library/segue.db")
        let common = try write(folder.file("library.yaml"), config(music: music, database: database, output: output, paths: "library",
                                                                     name: names[0], seed: seed))
        for stage in ["segue-scan", "segue-analyze", "segue-index"] {
            let result = try ProcessRunner.runStage(stage, ["--config", common, "--quiet"], in: folder.path)
            try #require(result.status == 0, "\(stage): \(result.stderr)")
        }
        // A second database, so each run owns its own playlist in the one folder MPD reads.
        let absoluteDatabase = folder.file("absolute/segue.db")
        try DatabaseContents.copy(database, to: absoluteDatabase)
        let absolute = try write(folder.file("absolute.yaml"), config(music: music, database: absoluteDatabase, output: output,
                                                                       paths: "absolute", name: names[1], seed: seed))
        for config in [common, absolute] {
            let exported = try ProcessRunner.runStage("segue-export", ["--config", config, "--date", "2026-11-29"], in: folder.path)
            #expect(exported.status == 0, "\(exported.stderr)")
            #expect(exported.stdout.contains("1 playlists, 10 tracks"), "\(exported.stdout)")
        }

        let server = try MPDServer(music: music, playlists: output, folder: folder.path)
        defer { server.stop() }
        let files = try FileManager.default.contentsOfDirectory(atPath: output).filter { $0.hasSuffix(".m3u8") }.sorted()
        #expect(files.count == 2)
        for file in files {
            let text = try String(contentsOfFile: (output as NSString).appendingPathComponent(file), encoding: .utf8)
            let expected = text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
                line.hasPrefix(music + "/") ? String(line.dropFirst(music.count + 1)) : String(line)
            }
            #expect(expected.count == 10)
            // MPD's playlist folder holds `NAME.m3u` files, loaded by NAME: the `.m3u` twin of the `.m3u8`.
            let (entries, errors) = try server.mpdEntries(ofPlaylist: String(file.dropLast(".m3u8".count)))
            #expect(entries.count == 10, "\(file): \(errors)")
            #expect(entries == expected, "\(file): MPD resolved \(entries), expected \(expected); \(errors)")
        }
    }

    private func config(music: String, database: String, output: String, paths: String, name: String, seed: String) -> String {
        """
        library:
          music_dirs: ["\(music)"]
          database: "\(database)"
        analysis:
          segment_seconds: 5
          embedding: none
        playlists:
          output_dir: "\(output)"
          paths: \(paths)
          formats: [m3u8, m3u]
          library_mixes: {count: 0}
          from_history: {artists: 0}
          defaults: {min_track_seconds: 0, max_per_artist: 12, artist_window: 1, album_spacing: 1, genre_floor: 0}
          definitions:
            - {name: '\(name.replacingOccurrences(of: "'", with: "''"))', seed_tracks: ["\(seed)"], tracks: 10}
        """
    }

    private func write(_ path: String, _ text: String) throws -> String {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
