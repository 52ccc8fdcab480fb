import Foundation

/// `manifest.json` of a generated library: every file with exactly what was written into
/// it, so tests compare what a stage read against the truth.
public struct LibraryManifest: Codable, Sendable {
    public var seed: UInt64
    public var seconds: Double
    public var tracks: [GeneratedTrack]
    public var broken: [BrokenFile]

    public static let fileName = "manifest.json"

    public static func load(from libraryFolder: String) throws -> LibraryManifest {
        let url = URL(fileURLWithPath: libraryFolder).appendingPathComponent(fileName)
        return try JSONDecoder().decode(LibraryManifest.self, from: Data(contentsOf: url))
    }

    func write(to libraryFolder: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let url = URL(fileURLWithPath: libraryFolder).appendingPathComponent(Self.fileName)
        try encoder.encode(self).write(to: url, options: .atomic)
    }
}

/// The sound of a generated track: what analysis should find in it.
public enum SonicStyle: String, Codable, Sendable, CaseIterable {
    /// Sustained chords in `key`.
    case tonal
    /// A kick/snare/hi-hat pattern at `bpm`.
    case drums
    /// Filtered noise with a slow swell.
    case noise
    /// Mostly silence with rare soft tones.
    case sparse
}

public struct GeneratedTrack: Codable, Sendable {
    /// Relative to the library folder: `Artist/Album/NN Title.ext`.
    public var path: String
    /// The file format: mp3, flac, ogg, opus, m4a-aac, m4a-alac, wav.
    public var format: String
    /// What TagLib reports: MP3, FLAC, Vorbis, Opus, AAC, ALAC, PCM.
    public var codec: String
    public var sampleRate: Int
    public var channels: Int
    public var seconds: Double
    public var style: SonicStyle
    /// `A minor` for tonal tracks.
    public var key: String?
    /// Beats per minute for drum tracks.
    public var bpm: Int?
    /// The tags written, key → values; empty for an untagged track (path inference).
    public var tags: [String: [String]]
    /// Who the path names, for untagged tracks: `Artist/Album/NN Title.ext`.
    public var pathArtist: String
    public var pathAlbum: String
    public var pathTitle: String
    public var pathTrackNumber: Int
    /// The synthesized signal: two tracks with the same one have the same audio.
    public var signal: String?
}

/// A deliberately broken file of the `--broken` set.
public struct BrokenFile: Codable, Sendable {
    /// Relative to the library folder; a name that is not UTF-8 is written lossily.
    public var path: String
    /// What is wrong: zero-byte, truncated, not audio, unreadable, broken symlink,
    /// not a regular file, bad file name, control characters in tags, absurd tag values.
    public var kind: String
    /// Whether a scan should still add it as a track (tag problems are cleaned, not fatal;
    /// a chmod 000 file is readable when running as root).
    public var expectTrack: Bool
}
