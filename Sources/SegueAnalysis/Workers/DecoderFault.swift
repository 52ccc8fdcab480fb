import Foundation

/// For the tests only: `SEGUE_TEST_DECODER_FAULT=crash:NAME,hang:NAME` makes a worker call
/// `abort()` or block forever on the file named NAME (its last path component), so that a real
/// crash and a real hang of the decoding process can be tested end to end. Read by workers
/// alone; unset, it costs one dictionary lookup per worker.
struct DecoderFault {
    static let variable = "SEGUE_TEST_DECODER_FAULT"

    private var crash: Set<String> = []
    private var hang: Set<String> = []

    init?(environment: [String: String] = ProcessInfo.processInfo.environment) {
        guard let value = environment[Self.variable], !value.isEmpty else { return nil }
        for entry in value.split(separator: ",") {
            let parts = entry.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            switch parts[0] {
            case "crash": crash.insert(parts[1])
            case "hang": hang.insert(parts[1])
            default: continue
            }
        }
    }

    /// Crashes or hangs when `path` is one of the named files; returns otherwise.
    func strike(_ path: String) {
        let name = (path as NSString).lastPathComponent
        if crash.contains(name) {
            abort()
        }
        if hang.contains(name) {
            while true { sleep(3600) }
        }
    }
}
