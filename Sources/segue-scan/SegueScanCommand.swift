import ArgumentParser
import SegueCore
import SegueScan

@main
struct SegueScanCommand: StageCommand {
    static let stageName = "scan"
    static let configuration = CommandConfiguration(
        commandName: "segue-scan",
        abstract: "Scan the music folders into the database.")

    @OptionGroup(title: "Common options")
    var common: CommonOptions

    func execute(_ context: StageContext) throws -> StageOutcome {
        StageOutcome(counts: [], summary: "nothing to do yet")
    }
}
