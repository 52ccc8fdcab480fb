import Foundation
import SegueAudio
import SegueCore
#if canImport(Glibc)
import Glibc
#endif

/// One file the walk found, with what `stat` said, or why it cannot be scanned.
struct WalkedFile: Sendable {
    enum Status: Sendable, Equatable {
        case file(size: Int, mtime: Double)
        case problem(ScanProblem, detail: String)
    }

    /// Absolute path (as given through the music folder, symlinks not resolved).
    var path: String
    /// Relative to its music folder, for inferring artist and album from folders.
    var relativePath: String
    var kind: AudioFileKind?
    var status: Status
}

/// Walks the music folders: follows symlinks without looping (each directory is entered
/// once, by device and inode), skips hidden files and folders and any folder holding a
/// `.segueignore` file, and costs one `stat` per audio file.
struct LibraryWalker {
    static let ignoreMarker = ".segueignore"

    private(set) var files: [WalkedFile] = []
    private var visited: Set<DirectoryIdentity> = []

    private struct DirectoryIdentity: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    /// Walks the folders `MusicFolder.probe` found readable. One that disappeared since walks
    /// as empty, which the scan's vanish check then refuses to believe.
    static func walk(_ folders: [MusicFolder]) -> [WalkedFile] {
        var walker = LibraryWalker()
        for folder in folders {
            var info = stat()
            guard stat(folder.path, &info) == 0 else { continue }
            walker.enter(directory: folder.path, relative: "", info: info)
        }
        return walker.files
    }

    private mutating func enter(directory: String, relative: String, info: stat) {
        guard visited.insert(DirectoryIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))).inserted else { return }
        guard let listing = opendir(directory) else {
            files.append(WalkedFile(path: directory, relativePath: relative, kind: nil,
                                    status: .problem(.unreadable, detail: "cannot list folder: \(String(cString: strerror(errno)))")))
            return
        }
        var entries: [(name: [UInt8], type: UInt8)] = []
        while let entry = readdir(listing) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix(while: { $0 != 0 })) }
            if name.first == UInt8(ascii: ".") {
                if name == Array(Self.ignoreMarker.utf8) {
                    closedir(listing)
                    return
                }
                continue
            }
            entries.append((name, entry.pointee.d_type))
        }
        closedir(listing)
        entries.sort { $0.name.lexicographicallyPrecedes($1.name) }
        for entry in entries {
            visit(name: entry.name, type: entry.type, in: directory, relative: relative)
        }
    }

    private mutating func visit(name bytes: [UInt8], type: UInt8, in directory: String, relative: String) {
        let validName = String(validating: bytes, as: UTF8.self)
        let name = validName ?? String(decoding: bytes, as: UTF8.self)
        let path = directory + "/" + name
        let relativePath = relative.isEmpty ? name : relative + "/" + name
        let kind = AudioFileKind(fileName: name)
        func problem(_ problem: ScanProblem, _ detail: String) {
            files.append(WalkedFile(path: path, relativePath: relativePath, kind: kind, status: .problem(problem, detail: detail)))
        }
        guard validName != nil else {
            if kind != nil || Int32(type) == DT_DIR { problem(.badFileName, "name is not valid UTF-8") }
            return
        }
        if name.contains(where: { $0 == "\n" || $0 == "\r" }) {
            if kind != nil { problem(.badFileName, "name contains a line break") }
            return
        }
        // Entries of unknown or symlink type need a stat to say what they are; audio files
        // need it anyway for size and mtime, other files (covers, logs) never get one.
        let mightBeDirectory = Int32(type) == DT_DIR || Int32(type) == DT_LNK || Int32(type) == DT_UNKNOWN
        guard kind != nil || mightBeDirectory else { return }
        var info = stat()
        guard stat(path, &info) == 0 else {
            let error = errno
            if kind != nil {
                if error == ENOENT || error == ELOOP, Int32(type) == DT_LNK {
                    problem(.brokenSymlink, "symlink target is missing")
                } else {
                    problem(.unreadable, String(cString: strerror(error)))
                }
            }
            return
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            enter(directory: path, relative: relativePath, info: info)
        case S_IFREG:
            guard kind != nil else { return }
            let mtime = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
            files.append(WalkedFile(path: path, relativePath: relativePath, kind: kind, status: .file(size: Int(info.st_size), mtime: mtime)))
        default:
            if kind != nil { problem(.notRegularFile, "not a regular file (a pipe, socket or device)") }
        }
    }
}
