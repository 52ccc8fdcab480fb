import Foundation
import SegueTestSupport
import Testing

/// A real MPD's stored playlist seeds a night's playlist through `segue-export`
/// (`seed_playlist: {player:, name:}`): its entries, read with `listplaylistinfo`, are the
/// library's tracks at the same paths under the music folder.
struct MPDSeedPlaylistTests {
    @Test func anMPDPlaylistSeedsTheNight() throws {
        try #require(MPDServer.isInstalled, "mpd and mpc are missing; make test installs them (apt-get install -y mpd mpc)")
        let folder = try TemporaryDirectory(prefix: "segue-mpd-seed")
        let music = folder.file("music")
        let manifest = try LibraryGenerator(output: music, trackCount: 8, seconds: 2, seed: 5).generate()
        let stored = folder.file("mpd-playlists")
        try FileManager.default.createDirectory(atPath: stored, withIntermediateDirectories: true)
        let seeds = [manifest.tracks[1].path, manifest.tracks[6].path]
        try (seeds.joined(separator: "\n") + "\n").write(toFile: stored + "/Road trip.m3u", atomically: true, encoding: .utf8)
        let server = try MPDServer(music: music, playlists: stored, folder: folder.path)
        defer { server.stop() }

        let output = folder.file("playlists")
        let config = folder.file("config.yaml")
        try """
            library:
              music_dirs: ["\(music)"]
              database: "\(folder.file("segue.db"))"
            analysis:
              segment_seconds: 5
              embedding: none
            playlists:
              output_dir: "\(output)"
              library_mixes: {count: 0}
              from_history: {artists: 0}
              defaults: {min_track_seconds: 0, max_per_artist: 12, artist_window: 1, album_spacing: 1, genre_floor: 0}
              definitions:
                - {name: From MPD, seed_playlist: {player: Living room, name: Road trip}, tracks: 5}
            players:
              mpd:
                - {name: Living room, host: 127.0.0.1, port: \(server.port)}
            """.write(toFile: config, atomically: true, encoding: .utf8)
        for stage in ["segue-scan", "segue-analyze", "segue-index"] {
            let result = try ProcessRunner.runStage(stage, ["--config", config, "--quiet"], in: folder.path)
            try #require(result.status == 0, "\(stage): \(result.stderr)")
        }
        let exported = try ProcessRunner.runStage("segue-export", ["--config", config, "--date", "2026-11-29"], in: folder.path)
        #expect(exported.status == 0, "\(exported.stderr)")
        let text = try String(contentsOfFile: output + "/From MPD.m3u8", encoding: .utf8)
        let entries = text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            String(((output as NSString).appendingPathComponent(String(line)) as NSString).standardizingPath.dropFirst(music.count + 1))
        }
        #expect(entries.count == 5, "\(exported.stderr)")
        #expect(Set(entries).isSuperset(of: seeds), "\(entries) lacks \(seeds); \(exported.stderr)")
    }
}
