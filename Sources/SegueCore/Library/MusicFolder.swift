import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One folder of `library.music_dirs`, by the absolute path its tracks are stored under, and
/// what it looks like right now: an unmounted disk must never look like a library whose files
/// were all deleted, so the scan and the export look before they trust its contents.
public struct MusicFolder: Sendable, Hashable {
    public enum State: Sendable, Equatable {
        /// Missing, not a folder, or unreadable.
        case unavailable(reason: String)
        /// A readable folder on filesystem `device` (`st_dev`); `isEmpty` when it holds no entry
        /// at all, as a bare mount point does.
        case available(device: UInt64, isEmpty: Bool)
    }

    /// As written in the configuration, for messages.
    public let configured: String
    /// Absolute and standardized, without a trailing slash: the prefix of its tracks' paths.
    public let path: String
    /// `path` and a slash: what every path inside starts with.
    private let prefix: String

    public init(_ configured: String) {
        self.configured = configured
        let absolute = URL(fileURLWithPath: configured).standardizedFileURL.path
        path = absolute.count > 1 && absolute.hasSuffix("/") ? String(absolute.dropLast()) : absolute
        prefix = path == "/" ? path : path + "/"
    }

    /// Whether a stored track path lies inside this folder.
    public func contains(_ trackPath: String) -> Bool {
        trackPath.hasPrefix(prefix)
    }

    /// The folder among `folders` that holds `trackPath`: the deepest, when folders nest.
    public static func owner(of trackPath: String, in folders: [MusicFolder]) -> MusicFolder? {
        folders.filter { $0.contains(trackPath) }.max { $0.path.count < $1.path.count }
    }

    public func probe() -> State {
        var info = stat()
        guard stat(path, &info) == 0 else { return .unavailable(reason: String(cString: strerror(errno))) }
        guard info.st_mode & S_IFMT == S_IFDIR else { return .unavailable(reason: "not a folder") }
        guard access(path, R_OK | X_OK) == 0, let listing = opendir(path) else {
            return .unavailable(reason: String(cString: strerror(errno)))
        }
        defer { closedir(listing) }
        var isEmpty = true
        while let entry = readdir(listing) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix(while: { $0 != 0 })) }
            if name != [UInt8(ascii: ".")] && name != [UInt8(ascii: "."), UInt8(ascii: ".")] {
                isEmpty = false
                break
            }
        }
        return .available(device: UInt64(info.st_dev), isEmpty: isEmpty)
    }

    /// `major:minor`, as `stat -c %D` and `/proc/self/mountinfo` name a filesystem's device.
    public static func describe(device: UInt64) -> String {
        // glibc's gnu_dev_major and gnu_dev_minor, which Swift cannot import (macros).
        let major = ((device >> 8) & 0xfff) | (UInt64(UInt32(truncatingIfNeeded: device >> 32)) & ~0xfff)
        let minor = (device & 0xff) | (UInt64(UInt32(truncatingIfNeeded: device >> 12)) & ~0xff)
        return "\(major):\(minor)"
    }
}
