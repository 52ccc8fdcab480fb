import Foundation
import GRDB
import SegueCore
import SegueTestSupport
import Testing

/// `segue-export` killed at any instant while it replaces last night's playlists, or stopped
/// by SIGINT/SIGTERM: every playlist file on disk is last night's or tonight's, whole, and a
/// rerun leaves what an uninterrupted run leaves.
@Suite(.serialized) struct ExportKillTests {
    static let lastNight = "2026-11-28", tonight = "2026-11-29"

    /// A synthetic library with its index, last night's eight library mixes (M3U8 and XSPF),
    /// and what an uninterrupted run writes tonight. Every run uses the same database and
    /// playlist folder (the paths are stored), reset to last night's state before it, so the
    /// suite's tests run one at a time.
    final class Bed: Sendable {
        let folder: TemporaryDirectory
        let config: String
        let lastNightFiles: [String: String]
        let tonightFiles: [String: String]
        let tonight: DatabaseContents
        let window: Double
        var database: String { folder.file("state/segue.db") }
        var output: String { folder.file("playlists") }
        var lastNightDatabase: String { folder.file("last-night.db") }

        private static let made = Result { try Bed() }
        static func get() throws -> Bed { try made.get() }

        private init() throws {
            folder = try TemporaryDirectory(prefix: "segue-export-kill")
            let database = folder.file("state/segue.db"), output = folder.file("playlists")
            try FileManager.default.createDirectory(atPath: folder.file("state"), withIntermediateDirectories: true)
            config = folder.file("config.yaml")
            try "library:\n  music_dirs: [/synthetic]\nplaylists:\n  output_dir: \(output)\n"
                .write(toFile: config, atomically: true, encoding: .utf8)
            let synth = try ProcessRunner.runStage("segue-dev", ["synth-db", "--out", database, "--tracks", "400"])
            guard synth.status == 0 else { throw SetupFailure("synth-db: \(synth.stderr)") }
            let index = try ProcessRunner.runStage("segue-index", ["--db", database, "--quiet"])
            guard index.status == 0 else { throw SetupFailure("segue-index: \(index.stderr)") }
            let first = try Self.start(config: config, database: database, night: ExportKillTests.lastNight).wait()
            guard first.status == 0 else { throw SetupFailure("last night's export: \(first.stderr)") }
            try DatabaseContents.copy(database, to: folder.file("last-night.db"))
            lastNightFiles = try Self.files(in: output)

            try Self.reset(database: database, from: folder.file("last-night.db"), output: output, files: lastNightFiles)
            let probe = StageProbe(database: database, stage: "export")
            let (window, result) = StageKiller.workingTime(of: try Self.start(config: config, database: database, night: ExportKillTests.tonight),
                                                           started: { probe.hasStarted })
            guard result.status == 0 else { throw SetupFailure("tonight's export: \(result.stderr)") }
            self.window = window
            tonight = try DatabaseContents(of: database)
            tonightFiles = try Self.files(in: output)
        }

        static func start(config: String, database: String, night: String) throws -> RunningProcess {
            try ProcessRunner.start(ProcessRunner.executable("segue-export"),
                                    ["--config", config, "--db", database, "--date", night, "--quiet"])
        }

        func start() throws -> RunningProcess {
            try Self.start(config: config, database: database, night: ExportKillTests.tonight)
        }

        /// Last night's database and playlist files, as tonight's run finds them.
        func reset() throws {
            try Self.reset(database: database, from: lastNightDatabase, output: output, files: lastNightFiles)
        }

        static func reset(database: String, from saved: String, output: String, files: [String: String]) throws {
            let fm = FileManager.default
            for suffix in ["", "-wal", "-shm"] where fm.fileExists(atPath: database + suffix) {
                try fm.removeItem(atPath: database + suffix)
            }
            try DatabaseContents.copy(saved, to: database)
            try? fm.removeItem(atPath: output)
            try fm.createDirectory(atPath: output, withIntermediateDirectories: true)
            for (name, text) in files {
                try text.write(toFile: (output as NSString).appendingPathComponent(name), atomically: false, encoding: .utf8)
            }
        }

        /// The playlist folder's files by name, XSPF creation dates left out (they name the
        /// second of the run); files starting with a dot (a killed write's temporary) apart.
        static func files(in output: String, includingHidden: Bool = false) throws -> [String: String] {
            var files: [String: String] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: output) where includingHidden || !name.hasPrefix(".") {
                let text = try String(contentsOfFile: (output as NSString).appendingPathComponent(name), encoding: .utf8)
                files[name] = text.replacing(/<date>[^<]*<\/date>/, with: "<date/>")
            }
            return files
        }

        func files(includingHidden: Bool = false) throws -> [String: String] {
            try Self.files(in: output, includingHidden: includingHidden)
        }

        /// Names of the files that are neither last night's nor tonight's whole file.
        func mixedFiles() throws -> [String] {
            try files().filter { name, text in text != lastNightFiles[name] && text != tonightFiles[name] }.keys.sorted()
        }
    }

    @Test func killedAtRandomInstantsEveryFileIsLastNightsOrTonights() throws {
        let bed = try Bed.get()
        #expect(bed.lastNightFiles.count == 16 && bed.tonightFiles.count == 16)
        #expect(bed.lastNightFiles != bed.tonightFiles, "tonight's playlists must differ from last night's")
        var killer = StageKiller(stage: "segue-export")
        let seed = killer.seed
        var mixed = 0
        try killer.killAtRandomInstants(window: bed.window, start: {
            try bed.reset()
            let probe = StageProbe(database: bed.database, stage: "export")
            return (try bed.start(), { probe.hasStarted })
        }, verify: { instant, _ in
            let context = "killed \(String(format: "%.3f", instant)) s in (seed \(seed))"
            #expect(try bed.mixedFiles() == [], "\(context)")
            if try bed.files() != bed.lastNightFiles, try bed.files() != bed.tonightFiles { mixed += 1 }
            let problems = try ResumeCheck.rerun(bed.database, by: { try bed.start().wait() }, leaves: bed.tonight)
            #expect(problems == [], "\(context)")
            #expect(try bed.files(includingHidden: true) == bed.tonightFiles, "\(context)")
        })
        print("segue-export kill test: \(mixed) kills left some playlists of each night")
    }

    /// Each playlist file reaches the disk before it replaces last night's, and the rename
    /// itself after, as strace sees the stage's system calls.
    @Test func eachFileIsFlushedBeforeItsRenameAndTheFolderAfter() throws {
        let bed = try Bed.get()
        try bed.reset()
        try TestTool.require("/usr/bin/strace", package: "strace")
        let trace = bed.folder.file("export.strace")
        let result = try ProcessRunner.run("/usr/bin/strace", [
            "-f", "-y", "-xx", "-qq", "-e", "signal=none", "-e", "trace=fsync,rename,renameat,renameat2", "-o", trace,
            ProcessRunner.executable("segue-export"), "--config", bed.config, "--db", bed.database, "--date", Self.tonight, "--quiet",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let calls = try String(contentsOfFile: trace, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(bed.tonightFiles.count == 16)
        // strace escapes the bytes of non-ASCII names (a mix's "·"); with -xx it writes every
        // byte of every path as \xNN, so the names are looked for written the same way.
        func hex(_ text: String) -> String { text.utf8.map { String(format: "\\x%02x", $0) }.joined() }
        for name in bed.tonightFiles.keys.sorted() {
            let flushed = calls.firstIndex {
                $0.contains("fsync(") && $0.contains(hex("/" + AtomicFile.temporaryPrefix)) && $0.contains(hex("-\(name)") + ">")
            }
            let renamed = calls.firstIndex { $0.contains("rename") && $0.contains("\"" + hex("\(bed.output)/\(name)") + "\"") }
            let folderFlushed = renamed.flatMap { renamed in
                calls.indices.first { $0 > renamed && calls[$0].contains("fsync(") && calls[$0].contains("<" + hex(bed.output) + ">") }
            }
            #expect(flushed != nil && renamed != nil && flushed! < renamed!, "\(name): the file is not flushed before its rename")
            #expect(folderFlushed != nil, "\(name): the folder is not flushed after the rename")
        }
    }

    @Test(arguments: [SIGINT, SIGTERM])
    func aSignalStopsBetweenPlaylists(_ signal: Int32) throws {
        let bed = try Bed.get()
        try bed.reset()
        let running = try bed.start()
        let pause = try WritePause(database: bed.database) { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM playlists WHERE night = ?", arguments: [ExportKillTests.tonight])! >= 1
        }
        running.signal(signal)
        pause.release()
        let result = running.wait()

        let stop = try ResumeCheck.stop(result, program: "segue-export", unit: "playlists", database: bed.database)
        #expect(stop.problems == [])
        #expect(stop.total == 8 && stop.committed >= 1 && stop.committed < 8, "\(stop)")
        // The playlists written have tonight's files, the others last night's.
        #expect(try bed.mixedFiles() == [])
        #expect(try bed.files().count { $0.value == bed.tonightFiles[$0.key] && $0.value != bed.lastNightFiles[$0.key] } == 2 * stop.committed)
        let problems = try ResumeCheck.rerun(bed.database, by: { try bed.start().wait() }, leaves: bed.tonight)
        #expect(problems == [])
        #expect(try bed.files() == bed.tonightFiles)
    }
}
