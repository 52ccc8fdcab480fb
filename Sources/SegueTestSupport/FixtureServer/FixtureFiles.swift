import Foundation

/// The recorded responses in `Tests/Fixtures` (their sources and licences in `SOURCES.md` there).
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

    /// `Tests/Fixtures` in the package.
    public static var directory: String {
        URL(fileURLWithPath: packageRoot).appendingPathComponent("Tests/Fixtures").standardized.path
    }

    /// A fixture's bytes, e.g. `data("lastfm/navidrome.lastfm.artist.getsimilar.json")`.
    public static func data(_ relativePath: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent(relativePath))
    }
}
