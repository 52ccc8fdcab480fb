import Foundation
import Testing
import SegueCore
@testable import SeguePlaylists
import SegueTestSupport

/// A real player reads every exported playlist and resolves every entry: MPD over a
/// generated library, with absolute paths and with paths relative to the music folder.
struct PlayerTests {
    @Test func mpdResolvesEveryEntry() throws {
        guard MPDServer.isInstalled else {
            print("PlayerTests: skipped, mpd and mpc are not installed (apt-get install -y mpd mpc)")
            return
        }
        let folder = try TemporaryDirectory(prefix: "segue-mpd")
        let music = folder.file("music")
        let manifest = try LibraryGenerator(output: music, trackCount: 12, seconds: 2, seed: 3).generate()
        var library = TestLibrary()
        var generator = SplitMix64(seed: 5)
        for (number, generated) in manifest.tracks.enumerated() {
            library.add(TrackInfo(id: Int64(number + 1), path: (music as NSString).appendingPathComponent(generated.path),
                                  title: generated.pathTitle, artist: generated.pathArtist, album: generated.pathAlbum,
                                  durationSeconds: generated.seconds),
                        position: Double(number) / 12, opening: generator.unit(), closing: generator.unit())
        }
        let output = folder.file("playlists")
        let names = ["Night & Day – Café", "Absolute \"quoted\" ?"]
        for (number, style) in ["library", "absolute"].enumerated() {
            let database = try LibraryDatabase.make(at: folder.file("segue-\(style).db"), tracks: library.tracks)
            let config = try LibraryDatabase.config("""
                  paths: \(style)
                  formats: [m3u8, m3u]
                  library_mixes: {count: 0}
                  defaults: {min_track_seconds: 0, max_per_artist: 12, artist_window: 1, album_spacing: 1}
                  definitions:
                    - {name: '\(names[number].replacingOccurrences(of: "'", with: "''"))', seed_tracks: ["\(library.tracks[0].path)"], tracks: 10}
                """, output: output, music: music)
            let summary = try PlaylistExporter(config: config, database: database, index: library.index, now: TestLibrary.night,
                                               calendar: TestLibrary.calendar).run(ExportRequest())
            #expect(summary.results[0].entries.count == 10)
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
            // MPD's playlist folder holds `NAME.m3u` files, loaded by NAME: the `.m3u` twin of the `.m3u8`.
            let (entries, errors) = try server.mpdEntries(ofPlaylist: String(file.dropLast(".m3u8".count)))
            #expect(entries.count == 10, "\(file): \(errors)")
            #expect(entries == expected, "\(file): MPD resolved \(entries), expected \(expected); \(errors)")
        }
    }
}
