import Foundation
import SegueCore

/// How a track's path is written into a playlist file: relative to the playlist's folder,
/// relative to its music folder (MPD), or absolute with an optional prefix rewrite for
/// another device.
public struct EntryPaths: Sendable {
    public let style: PlaylistsConfig.PathStyle
    /// Absolute, standardized.
    public let outputDir: String
    public let musicDirs: [String]
    public let prefixFrom: String?
    public let prefixTo: String?

    public init(style: PlaylistsConfig.PathStyle, outputDir: String, musicDirs: [String], prefixFrom: String? = nil, prefixTo: String? = nil) {
        self.style = style
        self.outputDir = Self.absolute(outputDir)
        self.musicDirs = musicDirs.map(Self.absolute)
        self.prefixFrom = prefixFrom.map(Self.absolute)
        self.prefixTo = prefixTo
    }

    /// The path as written in an M3U8 entry.
    public func entry(for trackPath: String) -> String {
        let path = Self.absolute(trackPath)
        switch style {
        case .absolute:
            guard let prefixFrom, let prefixTo else { return path }
            return PathPrefix.rewrite(path, from: prefixFrom, to: prefixTo) ?? path
        case .relative:
            return Self.relative(path, from: outputDir)
        case .library:
            let folders = musicDirs.sorted { $0.count > $1.count }
            for folder in folders {
                if let rest = PathPrefix.remainder(of: path, under: folder), !rest.isEmpty { return rest }
            }
            return path
        }
    }

    /// `entry(for:)` of each of `result`'s tracks: computed once for every format, since
    /// standardizing a path asks the file system.
    func entries(of result: PlaylistResult) -> [String] {
        result.entries.map { entry(for: $0.track.path) }
    }

    /// The location as an XSPF URI: `file://` for absolute paths, a relative reference otherwise.
    public func uri(for trackPath: String) -> String {
        uri(ofEntry: entry(for: trackPath))
    }

    /// `uri(for:)` of a path `entry(for:)` gave.
    func uri(ofEntry path: String) -> String {
        if path.hasPrefix("/") { return "file://" + Self.percentEncoded(path) }
        if let colon = path.firstIndex(of: ":"), path[..<colon].allSatisfy({ $0.isLetter }), path.distance(from: path.startIndex, to: colon) > 1 {
            // Already a URI (a rewrite to `smb://…`).
            return path
        }
        return Self.percentEncoded(path)
    }

    static func absolute(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
        return (full as NSString).standardizingPath
    }

    static func relative(_ path: String, from folder: String) -> String {
        let target = path.split(separator: "/", omittingEmptySubsequences: true)
        let base = folder.split(separator: "/", omittingEmptySubsequences: true)
        var common = 0
        while common < target.count - 1, common < base.count, target[common] == base[common] { common += 1 }
        let ups = Array(repeating: "..", count: base.count - common)
        return (ups + target[common...].map(String.init)).joined(separator: "/")
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// RFC 3986 percent-encoding of a path, keeping `/` and the unreserved characters.
    static func percentEncoded(_ path: String) -> String {
        var result = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                result.unicodeScalars.append("%")
                result.unicodeScalars.append(Unicode.Scalar(hexDigits[Int(byte >> 4)]))
                result.unicodeScalars.append(Unicode.Scalar(hexDigits[Int(byte & 0xF)]))
            }
        }
        return result
    }
}
