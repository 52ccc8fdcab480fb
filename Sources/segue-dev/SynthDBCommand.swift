import ArgumentParser
import Foundation
import SegueTestSupport

/// `segue-dev synth-db`: a structured synthetic database for index and export tests and benchmarks.
struct SynthDBCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth-db",
        abstract: "Write a random but structured library (tracks, features, genres) into a new database.",
        discussion: "Styles with their own sound, tempo and genres; artists, albums, three genre levels. No audio files.")

    @Option(name: .long, help: ArgumentHelp("Database file to create.", valueName: "file"))
    var out: String

    @Option(name: .long, help: "Number of tracks.")
    var tracks: Int

    @Option(name: .long, help: "Random seed; the same seed gives the same library.")
    var seed: UInt64 = 1

    func validate() throws {
        guard tracks > 0 else { throw ValidationError("--tracks must be positive") }
        guard !FileManager.default.fileExists(atPath: out) else {
            throw ValidationError("--out \(out) exists; give a new file")
        }
    }

    func run() throws {
        let started = Date()
        let library = try SyntheticLibrary.generate(at: out, options: .init(tracks: tracks, seed: seed))
        let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
        print("segue-dev: \(out): \(library.trackStyles.count) tracks, \(library.albumCount) albums, "
              + "\(library.artistCount) artists, \(SyntheticLibrary.styles.count) styles (\(seconds) s)")
    }
}
