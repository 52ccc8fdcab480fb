import SegueAnalysis

/// `segue-analyze`, or one of its worker processes: the supervisor starts this same executable
/// again with a hidden first argument (`AnalysisWorker.flag`) for each worker.
@main
enum SegueAnalyzeMain {
    static func main() {
        if let supervisor = AnalysisWorker.supervisor(in: CommandLine.arguments) {
            AnalysisWorker.run(supervisor: supervisor)
        }
        SegueAnalyzeCommand.main()
    }
}
