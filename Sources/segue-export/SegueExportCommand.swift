import ArgumentParser
import SegueCore
import SegueIndex
import SeguePlayers
import SeguePlaylists
import SegueReport

@main
struct SegueExportCommand: StageCommand {
    static let stageName = "export"
    static let configuration = CommandConfiguration(
        commandName: "segue-export",
        abstract: "Build tonight's playlists from the similarity index, write them as M3U8 and XSPF, and push them to the players.",
        discussion: """
            Without seeds, writes every playlist of config.yaml (playlists.definitions, history \
            playlists, library mixes) and removes the ones Segue wrote before and no longer defines. \
            With --artist, --track or --genre, builds that one playlist only (several --track blend \
            their neighbourhoods); with --from and --to, one playlist that travels from one track \
            to the other in even steps through the sound space. When players are configured \
            (players.subsonic, players.jellyfin, players.mpd), the playlists are then pushed to each; \
            a player that cannot be reached is given up for the night (exit 75).
            """)

    @OptionGroup(title: "Common options")
    var common: CommonOptions

    @Option(name: .customLong("artist"), help: ArgumentHelp("Build one playlist from this artist (repeatable).", valueName: "name"))
    var artists: [String] = []

    @Option(name: .customLong("track"), help: ArgumentHelp("Build one playlist from this track's file (repeatable).", valueName: "path"))
    var tracks: [String] = []

    @Option(name: .customLong("genre"), help: ArgumentHelp("Build one playlist from this genre (repeatable).", valueName: "name"))
    var genres: [String] = []

    @Option(name: .customLong("from"), help: ArgumentHelp("Build one playlist starting at this track's file (with --to).", valueName: "path"))
    var pathFrom: String?

    @Option(name: .customLong("to"), help: ArgumentHelp("The track the --from playlist ends at.", valueName: "path"))
    var pathTo: String?

    @Option(name: .customLong("tracks"), help: ArgumentHelp("Tracks per playlist, overriding the config.", valueName: "n"))
    var trackCount: Int?

    @Option(help: ArgumentHelp("Random seed, to replay a night's playlists exactly.", valueName: "n"))
    var seed: UInt64?

    @Option(help: ArgumentHelp("The night to build for, as YYYY-MM-DD (default: today).", valueName: "date"))
    var date: String?

    @Flag(help: "Build and print, and say what would be pushed to the players, but write no file, push nothing and write nothing to the database.")
    var dryRun = false

    @Flag(help: "Print why each track is in its playlist.")
    var explain = false

    @Flag(help: "Write only the HTML report (segue-report.html in the playlist folder) from what the database holds.")
    var report = false

    /// A report-only run builds no playlist, so it is not recorded as an export run.
    var isDryRun: Bool { dryRun || report }

    func validate() throws {
        if let trackCount, !(1...5000).contains(trackCount) {
            throw ValidationError("--tracks must be between 1 and 5000")
        }
        if (pathFrom == nil) != (pathTo == nil) {
            throw ValidationError("--from and --to go together")
        }
        if pathFrom != nil, !artists.isEmpty || !tracks.isEmpty || !genres.isEmpty {
            throw ValidationError("--from/--to build a path; they take no --artist, --track or --genre")
        }
        if pathFrom != nil, let trackCount, trackCount < 2 {
            throw ValidationError("--tracks must be at least 2 for a path (--from, --to)")
        }
        if report, dryRun || explain || !artists.isEmpty || !tracks.isEmpty || !genres.isEmpty || pathFrom != nil {
            throw ValidationError("--report writes the report alone; it takes no other export flag")
        }
        if let date, date.wholeMatch(of: /\d{4}-\d{2}-\d{2}/) == nil {
            throw ValidationError("--date must be YYYY-MM-DD, found '\(date)'")
        }
    }

    func execute(_ context: StageContext) throws -> StageOutcome {
        if report {
            let path = try ReportWriter.write(database: context.database, outputDir: context.config.playlists.outputDir)
            return StageOutcome(counts: [], summary: "report written to \(path)")
        }
        let index: SimilarityIndex
        do {
            index = try SimilarityIndex.load(database: context.database)
        } catch {
            throw PlaylistError.noIndex(reason: "\(error)")
        }
        var request = ExportRequest()
        request.artists = artists
        request.trackPaths = tracks
        request.genres = genres
        request.pathFrom = pathFrom
        request.pathTo = pathTo
        request.tracks = trackCount
        request.seed = seed
        request.night = date
        request.dryRun = dryRun
        // The players' playlists that seed definitions are read first; a nightly run only.
        let seeds = request.isAdHoc ? ServerSeedPlaylists.Outcome()
            : ServerSeedPlaylists(config: context.config, database: context.database, logger: context.logger).read(dryRun: dryRun)
        for notice in seeds.notices { context.logger.notice("\(notice)") }
        request.serverSeedPaths = seeds.paths
        request.serverSeedProblems = seeds.problems
        let summary = try PlaylistExporter(config: context.config, database: context.database, index: index,
                                           cancellation: context.cancellation).run(request)
        let outcome = ExportReport(summary: summary, explain: explain, logger: context.logger).outcome()
        // The files are written; the push is a step of its own, which cannot cost them.
        let playlists = summary.results.filter { !$0.entries.isEmpty }.map {
            PlayerPlaylist(name: $0.name, comment: PlaylistPurpose.comment($0), trackIDs: $0.entries.map(\.track.id))
        }
        let pushes = try PlayerPush(config: context.config, database: context.database, logger: context.logger)
            .run(playlists, removeUndefined: !request.isAdHoc && summary.unmounted.isEmpty, keeping: Set(summary.unbuilt), dryRun: dryRun)
        return seeds.apply(to: PushReport.apply(pushes, to: outcome, logger: context.logger))
    }

    func statusDetails(_ context: StageContext) throws -> [String] {
        try PlayerPush(config: context.config, database: context.database, logger: context.logger).status()
    }
}
