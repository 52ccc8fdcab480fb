import Foundation
import SegueAudio
#if canImport(Glibc)
import Glibc
#endif

/// What reading one new or changed file gave: a track's tags, or the reason it is skipped.
struct InspectedFile: Sendable {
    enum Outcome: Sendable {
        /// `inferred` when artist, album or title came from the path.
        case track(TrackTags, inferred: Bool)
        case problem(ScanProblem, detail: String)
    }

    var path: String
    var size: Int
    var mtime: Double
    /// `AudioIdentity` of a track; nil when FFmpeg cannot demux it (it is added all the same,
    /// and its analysis will say why it fails).
    var audioIdentity: String?
    /// The fingerprint scans made before the audio identity, when asked for.
    var byteFingerprint: String?
    var outcome: Outcome
}

/// Reads a file the walk found new or changed: checks it is non-empty, readable, complete
/// and audio, reads its tags, and identifies it by its audio. Never throws: every problem is
/// an outcome.
enum FileInspector {
    static func inspect(_ file: WalkedFile, size: Int, mtime: Double, wantsByteFingerprint: Bool) -> InspectedFile {
        var result = InspectedFile(path: file.path, size: size, mtime: mtime, audioIdentity: nil, byteFingerprint: nil,
                                   outcome: .problem(.notAudio, detail: "unrecognized extension"))
        func problem(_ kind: ScanProblem, _ detail: String) -> InspectedFile {
            result.outcome = .problem(kind, detail: detail)
            return result
        }
        guard let kind = file.kind else { return result }
        guard size > 0 else { return problem(.zeroByte, "file is empty") }

        let descriptor = open(file.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return problem(.unreadable, String(cString: strerror(errno))) }
        defer { close(descriptor) }
        let sample: FileSample
        do {
            sample = try FileSample(descriptor: descriptor, size: size)
        } catch {
            if case let .unreadable(code) = error { return problem(.unreadable, String(cString: strerror(code))) }
            return problem(.unreadable, "read failed")
        }
        guard sample.isComplete else {
            return problem(.truncated, "file shrank while being read")
        }
        if wantsByteFingerprint {
            result.byteFingerprint = sample.byteFingerprint
        }
        if let reason = ContainerIntegrity.truncation(kind: kind, sample: sample) {
            return problem(.truncated, reason)
        }

        switch TagReader.read(descriptor: descriptor, path: file.path) {
        case .failure(.notAudio):
            return problem(.notAudio, "no \(kind.rawValue) audio stream found")
        case .failure(.truncated):
            return problem(.truncated, "stream is shorter than its header says")
        case var .success(tags):
            let inferred = inferFromPath(&tags, relativePath: file.relativePath)
            result.audioIdentity = try? AudioIdentity.of(path: file.path, kind: kind)
            result.outcome = .track(tags, inferred: inferred)
            return result
        }
    }

    /// Fills artist, album, title (and track and disc numbers) the tags lack from
    /// `Artist/Album/NN Title.ext`; true when anything was filled in.
    static func inferFromPath(_ tags: inout TrackTags, relativePath: String) -> Bool {
        guard tags.title == nil || tags.artist == nil || tags.album == nil else { return false }
        let inference = PathInference(relativePath: relativePath)
        var inferred = false
        if tags.title == nil {
            tags.title = inference.title
            inferred = true
        }
        if tags.artist == nil, let artist = inference.artist {
            tags.artist = artist
            inferred = true
        }
        if tags.album == nil, let album = inference.album {
            tags.album = album
            inferred = true
        }
        if inferred {
            tags.trackNumber = tags.trackNumber ?? inference.trackNumber
            tags.discNumber = tags.discNumber ?? inference.discNumber
        }
        return inferred
    }
}
