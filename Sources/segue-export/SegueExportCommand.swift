import ArgumentParser
import SegueCore
import SeguePlaylists
import SegueReport

@main
struct SegueExportCommand: StageCommand {
    static let stageName = "export"
    static let configuration = CommandConfiguration(commandName: "segue-export", abstract: "Not built yet.")

    @OptionGroup(title: "Common options")
    var common: CommonOptions

    func execute(_ context: StageContext) throws -> StageOutcome {
        StageOutcome(counts: [], summary: "nothing to do yet")
    }
}
