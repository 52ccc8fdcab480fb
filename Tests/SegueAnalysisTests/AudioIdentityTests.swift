import Foundation
import SegueTestSupport
import Testing
@testable import SegueAudio

/// A track's identity is its audio: the same through a retag, new cover art or a rewritten
/// MP3 header, another for another encoding, and the same whether its tail is reached by
/// seeking or by reading every packet.
@Suite struct AudioIdentityTests {
    /// 40 s of chirps in noise: long enough in every format for the tail to be reached by seeking.
    static let seconds = 40.0
    static let chirp = "0.4*sin(2*PI*(220+30*t)*t)+0.1*(random(0)-0.5)|0.3*sin(2*PI*(330+20*t)*t)+0.1*(random(1)-0.5)"

    static func make(_ format: AudioFormat, in folder: TemporaryDirectory, name: String = "track",
                     expression: String = chirp, seconds: Double = seconds) throws -> String {
        let path = folder.file("\(name).\(format.fileExtension)")
        try TestAudio.write(expression, seconds: seconds, format: format, to: path)
        return path
    }

    @Test("seeking to the tail gives what reading every packet gives, with or without probing", arguments: AudioFormat.allCases)
    func seekingAgreesWithReadingEverything(format: AudioFormat) throws {
        let folder = try TemporaryDirectory()
        let path = try Self.make(format, in: folder)
        let kind = try #require(AudioFileKind(fileName: path))
        let sought = try AudioIdentity.identify(path: path, kind: kind, seeking: true)
        let read = try AudioIdentity.identify(path: path, kind: kind, seeking: false)
        let probed = try AudioIdentity.identify(path: path, kind: nil, seeking: true)
        #expect(sought.sought, "\(format): the tail was not reached by seeking")
        #expect(!read.sought)
        #expect(sought.identity == read.identity, "\(format)")
        #expect(probed.identity == read.identity, "\(format): the demuxer named by the extension gives what probing gives")
    }

    @Test("a retag keeps the identity", arguments: AudioFormat.allCases)
    func retaggingKeepsTheIdentity(format: AudioFormat) throws {
        let folder = try TemporaryDirectory()
        let path = try Self.make(format, in: folder)
        let before = try AudioIdentity.of(path: path, kind: AudioFileKind(fileName: path))
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int
        try TagWriter.write(["TITLE": [String(repeating: "A much longer title ", count: 200)], "ARTIST": ["Someone Else"],
                             "ALBUM": ["Retagged"], "GENRE": ["Ambient", "Drone"], "COMMENT": [String(repeating: "x", count: 5000)]],
                            to: path)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int != size, "\(format): the retag changed no byte")
        #expect(try AudioIdentity.of(path: path, kind: AudioFileKind(fileName: path)) == before, "\(format)")
    }

    @Test("cover art and a rewritten MP3 header stay outside the identity")
    func coverArtAndTheXingFrameStayOutside() throws {
        let folder = try TemporaryDirectory()
        let cover = folder.file("cover.jpg")
        try Self.ffmpeg(["-f", "lavfi", "-i", "testsrc=size=300x300", "-frames:v", "1", cover])
        for format in [AudioFormat.mp3, .flac, .m4aAAC] {
            let path = try Self.make(format, in: folder, name: format.rawValue)
            let withCover = folder.file("\(format.rawValue)-cover.\(format.fileExtension)")
            var arguments = ["-i", path, "-i", cover, "-map", "0", "-map", "1", "-c", "copy", "-disposition:v", "attached_pic"]
            if format == .m4aAAC { arguments += ["-f", "ipod"] }
            try Self.ffmpeg(arguments + [withCover])
            #expect(try AudioIdentity.of(path: withCover) == AudioIdentity.of(path: path), "\(format) with cover art")
        }
        let mp3 = folder.file("mp3.mp3")
        let noXing = folder.file("no-xing.mp3")
        try Self.ffmpeg(["-i", mp3, "-c", "copy", "-write_xing", "0", noXing])
        #expect(try AudioIdentity.of(path: noXing) == AudioIdentity.of(path: mp3))
    }

    @Test("another encoding, another cut or other audio is another identity")
    func otherAudioIsAnotherIdentity() throws {
        let folder = try TemporaryDirectory()
        let mp3 = try Self.make(.mp3, in: folder)
        let higher = folder.file("higher.mp3")
        try Self.ffmpeg(["-i", mp3, "-c:a", "libmp3lame", "-b:a", "192k", higher])
        let cut = folder.file("cut.mp3")
        try Self.ffmpeg(["-i", mp3, "-t", "25", "-c", "copy", cut])
        let other = try Self.make(.mp3, in: folder, name: "other", expression: "0.4*sin(2*PI*(440+10*t)*t)")
        let identities = try [mp3, higher, cut, other].map { try AudioIdentity.of(path: $0) }
        #expect(Set(identities).count == identities.count, "\(identities)")
    }

    @Test("a file with no audio stream has no identity")
    func noAudioNoIdentity() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("picture.mp4")
        try Self.ffmpeg(["-f", "lavfi", "-i", "testsrc=size=64x64:duration=1", "-c:v", "mpeg4", path])
        #expect(throws: AudioError.noAudioStream(path: path)) { try AudioIdentity.of(path: path) }
    }

    private static func ffmpeg(_ arguments: [String]) throws {
        let result = try ProcessRunner.run(TestAudio.ffmpeg, ["-nostdin", "-v", "error", "-y"] + arguments)
        guard result.status == 0 else { throw TestAudio.Failure(description: "ffmpeg exited \(result.status): \(result.stderr)") }
    }
}
