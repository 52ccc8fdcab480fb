import ArgumentParser
import SegueTestSupport

@main
struct SegueDevCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segue-dev",
        abstract: "Developer tools: generate test libraries and synthetic databases for tests and benchmarks, judge neighbours.",
        subcommands: [GenerateLibraryCommand.self, GenreLibraryCommand.self, FixtureServerCommand.self,
                      SynthDBCommand.self, IndexQueryCommand.self, SubsonicServerCommand.self, PrecisionCommand.self])
}
