import ArgumentParser
import SegueCore
import SegueAnalysis

@main
struct SegueAnalyzeCommand: StageCommand {
    static let stageName = "analyze"
    static let configuration = CommandConfiguration(commandName: "segue-analyze", abstract: "Not built yet.")

    @OptionGroup(title: "Common options")
    var common: CommonOptions

    func execute(_ context: StageContext) throws -> StageOutcome {
        StageOutcome(counts: [], summary: "nothing to do yet")
    }
}
