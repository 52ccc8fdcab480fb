import ArgumentParser
import SegueCore
import SegueIndex

@main
struct SegueIndexCommand: StageCommand {
    static let stageName = "index"
    static let configuration = CommandConfiguration(commandName: "segue-index", abstract: "Not built yet.")

    @OptionGroup(title: "Common options")
    var common: CommonOptions

    func execute(_ context: StageContext) throws -> StageOutcome {
        StageOutcome(counts: [], summary: "nothing to do yet")
    }
}
