import Testing
import SegueTestSupport
@testable import SegueCore

@Suite struct ConfigTests {
    let environment = ["HOME": "/home/ada", "SEGUE_MUSIC_DIR": "/srv/music", "LASTFM_KEY": "s3cret"]

    @Test func noFileMeansDefaultsWithMusicFromEnvironment() throws {
        let config = try SegueConfig.parse(yaml: "", filePath: nil, environment: environment)
        #expect(config.library.musicDirs == ["/srv/music"])
        #expect(config.library.database == "segue.db")
        #expect(config.library.checkpointsDir == "checkpoints")
        #expect(config.genres.musicbrainz.requestsPerSecond == 1)
        #expect(config.genres.lastfm.apiKey == nil)
    }

    @Test func musicDefaultsToHomeMusicWithoutEnvironment() throws {
        let config = try SegueConfig.parse(yaml: "", filePath: nil, environment: ["HOME": "/home/ada"])
        #expect(config.library.musicDirs == ["/home/ada/Music"])
    }

    @Test func musicDirsAloneIsEnough() throws {
        let config = try SegueConfig.parse(yaml: "library:\n  music_dirs: [~/a, /b]\n", filePath: "c.yaml", environment: environment)
        #expect(config.library.musicDirs == ["/home/ada/a", "/b"])
    }

    @Test func checkpointsFollowTheDatabase() throws {
        var config = try SegueConfig.parse(yaml: "library:\n  database: /var/lib/segue/lib.db\n", filePath: "c.yaml", environment: environment)
        #expect(config.library.checkpointsDir == "/var/lib/segue/checkpoints")
        config.library.database = "/tmp/x/other.db"
        #expect(config.library.checkpointsDir == "/tmp/x/checkpoints")
    }

    @Test func unknownKeyIsNamedWithClosestValidKey() {
        let error = #expect(throws: ConfigError.self) {
            try SegueConfig.parse(yaml: "library:\n  music_dir: [/x]\n", filePath: "c.yaml", environment: environment)
        }
        #expect(error?.message == "c.yaml: unknown key 'library.music_dir'; did you mean 'library.music_dirs'?")
        #expect(error?.exitStatus == .usage)
    }

    @Test func unknownSectionIsNamed() {
        let error = #expect(throws: ConfigError.self) {
            try SegueConfig.parse(yaml: "libary:\n  database: x\n", filePath: "c.yaml", environment: environment)
        }
        #expect(error?.message == "c.yaml: unknown key 'libary'; did you mean 'library'?")
    }

    @Test func wrongTypeNamesTheFullKeyPathAndWhatWasExpected() {
        let error = #expect(throws: ConfigError.self) {
            try SegueConfig.parse(yaml: "genres:\n  musicbrainz:\n    requests_per_second: fast\n", filePath: "c.yaml", environment: environment)
        }
        #expect(error?.message == "c.yaml: key 'genres.musicbrainz.requests_per_second' must be a number, found 'fast'")
    }

    @Test func outOfRangeValueIsNamed() {
        let error = #expect(throws: ConfigError.self) {
            try SegueConfig.parse(yaml: "index:\n  sonic_weight: 3\n", filePath: "c.yaml", environment: environment)
        }
        #expect(error?.message.contains("'index.sonic_weight' must be between 0.0 and 1.0") == true)
    }

    @Test func environmentVariablesAreSubstituted() throws {
        let config = try SegueConfig.parse(yaml: "genres:\n  lastfm:\n    api_key: ${LASTFM_KEY}\n", filePath: "c.yaml", environment: environment)
        #expect(config.genres.lastfm.apiKey == "s3cret")
    }

    @Test func missingEnvironmentVariableIsNamedWithoutLeakingValues() {
        let error = #expect(throws: ConfigError.self) {
            try SegueConfig.parse(yaml: "genres:\n  lastfm:\n    api_key: ${NOPE}\n", filePath: "c.yaml", environment: environment)
        }
        #expect(error?.message == "c.yaml: key 'genres.lastfm.api_key' refers to environment variable NOPE, which is not set")
    }

    @Test func invalidYAMLIsReportedOnOneLine() {
        let error = #expect(throws: ConfigError.self) {
            try SegueConfig.parse(yaml: "library: [unclosed\n", filePath: "c.yaml", environment: environment)
        }
        #expect(error?.message.hasPrefix("c.yaml: not valid YAML") == true)
        #expect(error?.message.contains("\n") == false)
    }

    @Test func explicitMissingFileIsAnError() {
        let error = #expect(throws: ConfigError.self) {
            try SegueConfig.load(explicitPath: "/nonexistent/segue.yaml", environment: environment)
        }
        #expect(error?.message == "config file /nonexistent/segue.yaml not found")
    }

    @Test func listsOfMappingsRejectUnknownKeysInside() throws {
        let reader = try ConfigReader(yaml: "items:\n  - name: a\n    colour: red\n", filePath: "c.yaml", environment: [:])
        let items = try reader.mappings("items")
        #expect(try items.map { try $0.string("name", default: "") } == ["a"])
        _ = try items[0].optionalString("color")
        let error = #expect(throws: ConfigError.self) { try reader.rejectUnknownKeys() }
        #expect(error?.message == "c.yaml: unknown key 'items[].colour'; did you mean 'items[].color'?")
    }
}

@Suite struct ConfigExampleTests {
    static let example = FixtureFiles.packageRoot + "/config.example.yaml"

    @Test func theExampleParsesAndDocumentsEveryKey() throws {
        let text = try String(contentsOfFile: Self.example, encoding: .utf8)
        let config = try SegueConfig.parse(yaml: text, filePath: Self.example, environment: ["HOME": "/home/ada"])
        #expect(config.library.musicDirs == ["/home/ada/Music"])
        let reader = try ConfigReader(yaml: "", filePath: "(defaults)", environment: [:])
        _ = try SegueConfig.read(reader, filePath: nil, environment: [:])
        let uncommented = text.split(separator: "\n").map { $0.replacingOccurrences(of: "# ", with: "") }.joined(separator: "\n")
        for key in reader.knownKeys.sorted() {
            let leaf = key.split(separator: ".").last.map { String($0).replacingOccurrences(of: "[]", with: "") } ?? key
            #expect(uncommented.contains("\(leaf):"), "config.example.yaml does not document \(key)")
        }
    }

    /// Every value the example sets is the default the config types fall back to: copying
    /// the example changes nothing.
    @Test func theExampleShowsTheDefaults() throws {
        let text = try String(contentsOfFile: Self.example, encoding: .utf8)
        let environment = ["HOME": "/home/ada"]
        let example = Self.leaves(of: try SegueConfig.parse(yaml: text, filePath: Self.example, environment: environment))
        let defaults = Self.leaves(of: try SegueConfig.parse(yaml: "", filePath: nil, environment: environment))
        #expect(example.count > 50, "every setting is compared, one by one: \(example.count)")
        for key in Set(example.keys).union(defaults.keys).sorted() where key != "sourcePath" {
            #expect(example[key] == defaults[key],
                    "config.example.yaml gives \(key) = \(example[key] ?? "nothing"), the default is \(defaults[key] ?? "nothing")")
        }
    }

    /// Each stored property of a value, by its path (`genres.http.timeoutSeconds`), as text.
    static func leaves(of value: Any, path: String = "") -> [String: String] {
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .struct?, .class?, .tuple?:
            var leaves: [String: String] = [:]
            for (index, child) in mirror.children.enumerated() {
                let name = child.label ?? String(index)
                leaves.merge(Self.leaves(of: child.value, path: path.isEmpty ? name : "\(path).\(name)")) { $1 }
            }
            return leaves.isEmpty ? [path: "\(value)"] : leaves
        case .optional?:
            return mirror.children.first.map { Self.leaves(of: $0.value, path: path) } ?? [path: "nil"]
        default:
            return [path: "\(value)"]
        }
    }
}
