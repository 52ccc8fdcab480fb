import Foundation
import SegueCore

/// The playlist files in the output folder. Only files Segue wrote (recorded in `playlists`)
/// are ever replaced or removed; a user's file in the way is left alone and reported.
public struct PlaylistFiles: Sendable {
    public struct Written: Sendable, Equatable {
        public var m3u8: String?
        public var xspf: String?
        public var m3u: String?

        public var all: [String] { [m3u8, xspf, m3u].compactMap { $0 } }
    }

    public let outputDir: String
    public let formats: [PlaylistsConfig.Format]
    public let paths: EntryPaths

    public init(outputDir: String, formats: [PlaylistsConfig.Format], paths: EntryPaths) {
        self.outputDir = EntryPaths.absolute(outputDir)
        self.formats = formats
        self.paths = paths
    }

    func path(fileName: String, format: PlaylistsConfig.Format) -> String {
        (outputDir as NSString).appendingPathComponent("\(fileName).\(format.rawValue)")
    }

    /// Writes each format; a path held by a file Segue did not write is skipped and named in `skipped`.
    func write(_ result: PlaylistResult, fileName: String, owned: Set<String>, date: Date,
               skipped: inout [String]) throws(PlaylistError) -> Written {
        do {
            try FileManager.default.createDirectory(atPath: outputDir, withIntermediateDirectories: true)
        } catch {
            throw .write(path: outputDir, reason: error.localizedDescription)
        }
        var written = Written()
        let entries = paths.entries(of: result)
        for format in formats {
            let target = path(fileName: fileName, format: format)
            if FileManager.default.fileExists(atPath: target), !owned.contains(target) {
                skipped.append(target)
                continue
            }
            switch format {
            case .m3u8:
                try Self.replace(target, with: M3U8Writer.render(result, entries: entries))
                written.m3u8 = target
            case .m3u:
                try Self.replace(target, with: M3U8Writer.render(result, entries: entries))
                written.m3u = target
            case .xspf:
                try Self.replace(target, with: XSPFWriter.render(result, entries: entries, paths: paths, date: date))
                written.xspf = target
            }
        }
        return written
    }

    /// Writes a playlist file atomically and durably: a reader sees last night's or tonight's.
    private static func replace(_ path: String, with text: String) throws(PlaylistError) {
        do {
            try AtomicFile.write(text, to: path)
        } catch {
            throw .write(path: path, reason: error.reason)
        }
    }

    /// Removes a file Segue wrote before; one already gone is fine.
    func remove(_ path: String) throws(PlaylistError) {
        guard FileManager.default.fileExists(atPath: path) else { return }
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            throw .remove(path: path, reason: error.localizedDescription)
        }
    }

    /// Temporary files a killed run of this program left in the output folder.
    func removeLeftoverTemporaries() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: outputDir)) ?? []
        for name in names where name.hasPrefix(AtomicFile.temporaryPrefix) {
            try? FileManager.default.removeItem(atPath: (outputDir as NSString).appendingPathComponent(name))
        }
    }
}
