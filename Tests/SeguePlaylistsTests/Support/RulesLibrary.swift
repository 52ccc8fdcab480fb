import Foundation
import GRDB
import SegueCore
import SegueTestSupport

/// A generated library built for the playlist rules, scanned, analysed and indexed once per
/// test run by the real stages; each test exports from its own copy of the database.
///
/// Twelve tracks of distinct synthesized audio (the generator's styles), and around them:
/// - one FLAC (or other lossless) track transcoded to MP3, Ogg, Opus and AAC with the same tags (one recording id);
/// - a lossless track copied as MP3 onto a best-of compilation: same artist and title, no ids;
/// - another lossless track copied as MP3 with unrelated tags: the same audio, nothing else in common;
/// - two different tracks by two artists both titled "Intro";
/// - three tracks retagged as a Christmas album, one of them Pop;
/// - two tracks by different artists featuring Noor (`ARTISTS` tags).
final class RulesLibrary: Sendable {
    let folder: TemporaryDirectory
    /// Every file of the library: the generated ones and the copies.
    let tracks: [GeneratedTrack]
    /// Library-relative paths.
    let formatSource: String
    let formatCopies: [String]
    let bestOfSource: String
    let bestOfCopy: String
    let audioSource: String
    let audioCopy: String
    let intros: [String]
    let christmasAlbum: [String]
    let christmasPop: String
    let featuringNoor: [String]

    var music: String { folder.file("music") }
    var database: String { folder.file("segue.db") }

    static let seconds = 8.0
    static let baseTracks = 12

    private static let made: Result<RulesLibrary, any Error> = Result { try RulesLibrary() }

    static func get() throws -> RulesLibrary {
        try made.get()
    }

    private init() throws {
        folder = try TemporaryDirectory(prefix: "segue-rules-library")
        let music = folder.file("music")
        let generator = LibraryGenerator(output: music, trackCount: Self.baseTracks, seconds: Self.seconds, seed: try Self.seed())
        let base = try generator.generate()
        let tagged = base.tracks.filter { !$0.tags.isEmpty }
        // Three lossless tracks to copy, FLAC first.
        let lossless = tagged.filter { AudioFormat(rawValue: $0.format)?.isLossless == true }
            .sorted { ($0.format == AudioFormat.flac.rawValue ? 0 : 1, $0.path) < ($1.format == AudioFormat.flac.rawValue ? 0 : 1, $1.path) }
        guard lossless.count >= 3 else { throw RulesLibraryError("the generated library has \(lossless.count) tagged lossless tracks") }
        var extra: [GeneratedTrack] = []
        func copy(_ source: GeneratedTrack, to path: String, format: AudioFormat, tags: [String: [String]]) throws {
            try Self.transcode(music + "/" + source.path, to: music + "/" + path, format: format)
            try TagWriter.write(tags, to: music + "/" + path)
            var track = source
            track.path = path
            track.format = format.rawValue
            track.codec = format.codec
            track.tags = tags
            extra.append(track)
        }

        let flac = lossless[0]
        formatSource = flac.path
        formatCopies = try [AudioFormat.mp3, .ogg, .opus, .m4aAAC].map { format in
            let stem = (flac.path as NSString).deletingPathExtension
            let path = stem + "." + format.fileExtension == flac.path ? stem + " (\(format.codec)).\(format.fileExtension)"
                : stem + "." + format.fileExtension
            try copy(flac, to: path, format: format, tags: flac.tags)
            return path
        }
        let bestOf = lossless[1]
        bestOfSource = bestOf.path
        bestOfCopy = "Various Artists/Best Of Everything/03 \(bestOf.pathTitle).mp3"
        try copy(bestOf, to: bestOfCopy, format: .mp3, tags: [
            "TITLE": bestOf.tags["TITLE"]!, "ARTIST": bestOf.tags["ARTIST"]!, "ALBUM": ["Best Of Everything"],
            "ALBUMARTIST": ["Various Artists"], "COMPILATION": ["1"], "TRACKNUMBER": ["3"], "GENRE": bestOf.tags["GENRE"] ?? [],
        ])
        let unrelated = lossless[2]
        audioSource = unrelated.path
        audioCopy = "Unsorted/Track 07.mp3"
        try copy(unrelated, to: audioCopy, format: .mp3, tags: ["TITLE": ["Track 07"], "ARTIST": ["Unknown Uploader"]])

        // The rest of the tracks, none of them copied: retagged for the other rules.
        let others = tagged.filter { ![flac.path, bestOf.path, unrelated.path].contains($0.path) }
        guard others.count >= 7 else { throw RulesLibraryError("too few tracks left to retag: \(others.count)") }
        christmasAlbum = others[0..<3].map(\.path)
        christmasPop = others[2].path
        for (number, track) in others[0..<3].enumerated() {
            try Self.retag(track, in: music, ["ALBUM": ["Snow Songs"], "ALBUMARTIST": ["Ana Lúa"], "ARTIST": ["Ana Lúa"],
                                              "TRACKNUMBER": ["\(number + 1)/3"], "DISCNUMBER": [], "MUSICBRAINZ_ALBUMARTISTID": [],
                                              "MUSICBRAINZ_ARTISTID": [], "GENRE": [number == 2 ? "Pop" : "Christmas"]])
        }
        intros = [others[3].path, others[4].path]
        try Self.retag(others[3], in: music, ["TITLE": ["Intro"], "ARTIST": ["Mira Sol"], "MUSICBRAINZ_ARTISTID": []])
        try Self.retag(others[4], in: music, ["TITLE": ["Intro"], "ARTIST": ["Jonah Pike"], "MUSICBRAINZ_ARTISTID": []])
        featuringNoor = [others[5].path, others[6].path]
        for (track, artist) in zip([others[5], others[6]], ["Kobalt", "Beton"]) {
            try Self.retag(track, in: music, ["ARTIST": ["\(artist) feat. Noor"], "ARTISTS": [artist, "Noor"],
                                              "MUSICBRAINZ_ARTISTID": []])
        }
        tracks = base.tracks + extra

        let environment = ["SEGUE_MUSIC_DIR": music, "HOME": folder.path, "PATH": "/usr/bin:/bin"]
        // The DSP features alone: these tests are about the playlist rules, and SameAudio's
        // thresholds were calibrated on the DSP feature vector.
        let config = folder.file("dsp-only.yaml")
        try "analysis:\n  embedding: none\n".write(toFile: config, atomically: true, encoding: .utf8)
        for stage in ["segue-scan", "segue-analyze", "segue-index"] {
            let run = try ProcessRunner.runStage(stage, ["--config", config, "--db", database, "--quiet"], in: folder.path,
                                                 environment: environment)
            guard run.status == 0 else { throw RulesLibraryError("\(stage) exited \(run.status): \(run.stderr)") }
        }
    }

    /// A copy of the database for one test, in `folder`.
    func database(in folder: TemporaryDirectory) throws -> String {
        let path = folder.file("segue.db")
        // Every test copies the one library at once: the last connection to close a WAL database
        // takes an exclusive lock to checkpoint it, and an opener meeting it must wait, not fail.
        var patient = Configuration()
        patient.busyMode = .timeout(30)
        let source = try DatabaseQueue(path: database, configuration: patient)
        try source.backup(to: try DatabaseQueue(path: path, configuration: patient))
        return path
    }

    /// The first generator seed whose twelve tracks all sound different and whose artists
    /// never repeat a title: the library's only duplicates are then the ones made on purpose.
    static func seed() throws -> UInt64 {
        for seed in UInt64(1)...100 {
            let tracks = LibraryGenerator(output: "", trackCount: baseTracks, seconds: seconds, seed: seed).plannedTracks()
            let signals = tracks.compactMap(\.signal)
            let songs = tracks.map { "\($0.tags["ARTIST"]?.first ?? $0.pathArtist)/\($0.tags["TITLE"]?.first ?? $0.pathTitle)" }
            if Set(signals).count == tracks.count, Set(songs).count == tracks.count { return seed }
        }
        throw RulesLibraryError("no seed in 1...100 gives twelve distinct tracks")
    }

    private static func retag(_ track: GeneratedTrack, in music: String, _ changes: [String: [String]]) throws {
        var tags = track.tags.merging(changes) { $1 }
        tags = tags.filter { !$0.value.isEmpty }
        try TagWriter.write(tags, to: music + "/" + track.path)
    }

    /// The same audio in another format, as a user's converter makes it.
    private static func transcode(_ source: String, to output: String, format: AudioFormat) throws {
        try FileManager.default.createDirectory(atPath: (output as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let container = format == .m4aAAC || format == .m4aALAC ? "ipod" : format.fileExtension
        let result = try ProcessRunner.run("/usr/bin/ffmpeg", ["-nostdin", "-v", "error", "-y", "-i", source, "-map_metadata", "-1",
                                                               "-fflags", "+bitexact"] + format.encoderArguments + ["-f", container, output])
        guard result.status == 0 else { throw RulesLibraryError("ffmpeg \(output): \(result.stderr)") }
    }
}

struct RulesLibraryError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
