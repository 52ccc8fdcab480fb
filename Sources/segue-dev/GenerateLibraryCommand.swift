import ArgumentParser
import Foundation
import SegueTestSupport

/// `segue-dev generate-library`: a deterministic tagged test library for tests and benchmarks.
struct GenerateLibraryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate-library",
        abstract: "Generate a deterministic, tagged test music library.",
        discussion: """
            Synthesizes tracks of distinct styles (chords in known keys, drums at known BPMs, \
            noise, sparse), encodes them with ffmpeg (MP3, FLAC, Ogg Vorbis, Opus, AAC, WAV, ALAC), \
            tags them and writes manifest.json describing every file.
            """)

    @Option(help: ArgumentHelp("Folder to create the library in.", valueName: "dir"))
    var out: String

    @Option(help: "Number of tracks.")
    var tracks: Int

    @Option(help: "Length of each track in seconds.")
    var seconds: Double = 20

    @Option(help: "Seed: the same seed gives the same library.")
    var seed: UInt64 = 1

    @Flag(help: "Also write a _broken folder with one file per kind of problem a scan must survive.")
    var broken = false

    @Option(help: "Tracks encoded in parallel.")
    var jobs: Int = 2

    func validate() throws {
        guard tracks >= 0 else { throw ValidationError("--tracks must not be negative") }
        guard seconds > 0, seconds <= 3600 else { throw ValidationError("--seconds must be between 0 and 3600") }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        let started = Date()
        let manifest = try LibraryGenerator(output: out, trackCount: tracks, seconds: seconds, seed: seed,
                                            includeBroken: broken, jobs: jobs).generate()
        let elapsed = String(format: "%.1f", Date().timeIntervalSince(started))
        print("segue-dev: generated \(manifest.tracks.count) tracks and \(manifest.broken.count) broken files in \(out) (\(elapsed) s)")
    }
}
