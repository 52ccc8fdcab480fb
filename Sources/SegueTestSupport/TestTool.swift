import Foundation

/// A program the tests run, which `make test` installs (`TEST_COMMANDS` in the Makefile).
/// Missing, it fails the test that needs it, naming the package: a test that quietly skips
/// its checks would pass without checking anything.
public enum TestTool {
    public struct Missing: Error, CustomStringConvertible {
        public var path: String
        public var package: String

        public var description: String {
            "\(path) is missing; make test installs it (apt-get install -y \(package))"
        }
    }

    public static func require(_ path: String, package: String) throws {
        guard FileManager.default.isExecutableFile(atPath: path) else { throw Missing(path: path, package: package) }
    }
}
