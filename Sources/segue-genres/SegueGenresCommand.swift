import ArgumentParser
import SegueCore
import SegueGenres

@main
struct SegueGenresCommand: StageCommand {
    static let stageName = "genres"
    static let configuration = CommandConfiguration(
        commandName: "segue-genres",
        abstract: "Fetch genres, similar artists and listening history for the library.",
        discussion: """
            Maps the files' genre tags into one vocabulary (MusicBrainz's genre list), then asks \
            MusicBrainz (artists 100 per request), Last.fm (when genres.lastfm.api_key is set) and \
            ListenBrainz only for what is new or whose cached answer expired. A service that keeps \
            failing is given up for the run; the others go on and the stage exits 75.
            """)

    @OptionGroup(title: "Common options")
    var common: CommonOptions

    @Flag(help: "Fetch again what the cache still holds as fresh.")
    var refresh = false

    @Option(help: ArgumentHelp("Fetch at most this many artists and albums of each source.", valueName: "n"))
    var limit: Int?

    @Option(help: ArgumentHelp("Do only this part: artists, albums or history.", valueName: "part"))
    var only: GenresOptions.Scope?

    @Flag(help: "Print how many requests a run would make and how long they take; fetch nothing.")
    var dryRun = false

    var isDryRun: Bool { dryRun }

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func execute(_ context: StageContext) throws -> StageOutcome {
        try GenresStage(config: context.config, database: context.database, logger: context.logger,
                        progress: { context.progress(label: $0, total: $1) }, cancellation: context.cancellation)
            .run(GenresOptions(refresh: refresh, limit: limit, only: only, dryRun: dryRun))
    }

    func pendingWork(_ context: StageContext) throws -> [String] {
        try GenresStage(config: context.config, database: context.database, logger: context.logger,
                        progress: { context.progress(label: $0, total: $1) })
            .pendingWork()
    }
}

extension GenresOptions.Scope: ExpressibleByArgument {}
