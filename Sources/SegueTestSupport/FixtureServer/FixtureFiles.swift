import Foundation

/// The recorded responses in `../shared/fixtures` (the repository is cloned beside `shared/`).
public enum FixtureFiles {
    /// The package root, found from this source file's location.
    public static var packageRoot: String {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
        }
        return FileManager.default.currentDirectoryPath
    }

    /// `../shared/fixtures` beside the package root, or `SEGUE_FIXTURES` when set.
    public static var directory: String {
        if let explicit = ProcessInfo.processInfo.environment["SEGUE_FIXTURES"], !explicit.isEmpty { return explicit }
        return URL(fileURLWithPath: packageRoot).appendingPathComponent("../shared/fixtures").standardized.path
    }

    /// A fixture's bytes, e.g. `data("lastfm/navidrome.lastfm.artist.getsimilar.json")`.
    public static func data(_ relativePath: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent(relativePath))
    }
}
