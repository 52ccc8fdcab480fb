import ArgumentParser
import SegueCore
import SegueGenres

@main
struct SegueGenresCommand: StageCommand {
    static let stageName = "genres"
    static let configuration = CommandConfiguration(commandName: "segue-genres", abstract: "Not built yet.")

    @OptionGroup(title: "Common options")
    var common: CommonOptions

    func execute(_ context: StageContext) throws -> StageOutcome {
        StageOutcome(counts: [], summary: "nothing to do yet")
    }
}
