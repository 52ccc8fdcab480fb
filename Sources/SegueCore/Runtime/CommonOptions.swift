import ArgumentParser

/// The flags every stage takes.
public struct CommonOptions: ParsableArguments, Sendable {
    @Option(name: .long, help: ArgumentHelp("Configuration file (default: ./config.yaml when present).", valueName: "file"))
    public var config: String?

    @Option(name: .long, help: ArgumentHelp("Database file, overriding library.database.", valueName: "file"))
    public var db: String?

    @Flag(name: .long, help: "Log every item, not just the summary.")
    public var verbose = false

    @Flag(name: .long, help: "Log warnings and errors only; no progress.")
    public var quiet = false

    @Flag(name: .long, help: "Show the last run, the stamp and the pending work of this stage; change nothing.")
    public var status = false

    @Flag(name: .long, help: .hidden)
    public var showPaths = false

    public init() {}

    public func validate() throws {
        if verbose && quiet {
            throw ValidationError("--verbose and --quiet cannot be used together")
        }
    }

    var verbosity: Console.Verbosity {
        quiet ? .quiet : verbose ? .verbose : .normal
    }
}
