import Foundation
@testable import SegueAudio
@testable import SegueScan
import Testing

@Suite struct TagSanitizerTests {
    private func raw(_ properties: [String: [String]], lengthMs: Int = 1000) -> RawTags {
        RawTags(properties: properties, lengthMs: lengthMs, bitrate: 128, sampleRate: 44100, channels: 2, codec: "MP3")
    }

    @Test func numbersWithTotals() {
        let tags = TagSanitizer.sanitize(raw(["TRACKNUMBER": ["3/12"], "DISCNUMBER": ["1"], "DISCTOTAL": ["2"], "DATE": ["2011-05-03"]]))
        #expect(tags.trackNumber == 3)
        #expect(tags.trackTotal == 12)
        #expect(tags.discNumber == 1)
        #expect(tags.discTotal == 2)
        #expect(tags.year == 2011)
        #expect(tags.problems.isEmpty)
    }

    @Test func absurdValuesAreRejectedAndNoted() {
        let tags = TagSanitizer.sanitize(raw(["TRACKNUMBER": ["99999"], "DATE": ["0"], "DISCNUMBER": ["x"]], lengthMs: -5))
        #expect(tags.trackNumber == nil)
        #expect(tags.year == nil)
        #expect(tags.discNumber == nil)
        #expect(tags.durationMs == nil)
        #expect(tags.problems.count == 4)
        #expect(TagSanitizer.sanitize(raw(["DATE": ["9999"]])).year == nil)
    }

    @Test func controlCharactersAreStripped() {
        let tags = TagSanitizer.sanitize(raw(["TITLE": ["Bell\u{07}Title\u{1B}"], "ARTIST": ["Fine"]]))
        #expect(tags.title == "BellTitle")
        #expect(tags.artist == "Fine")
        #expect(tags.problems == [.controlCharacters(key: "TITLE")])
    }

    @Test func genresSplitOnSeparators() {
        #expect(TagSanitizer.splitGenres(["Rock; Pop", "Jazz/Funk", "Soul, Rock", "Ambient\u{0}Drone"].flatMap { $0.split(separator: "\u{0}").map(String.init) })
            == ["Rock", "Pop", "Jazz", "Funk", "Soul", "Ambient", "Drone"])
        let tags = TagSanitizer.sanitize(raw(["GENRE": ["House\u{0}Techno"]]))
        #expect(tags.genres == ["House", "Techno"])
        #expect(tags.problems.isEmpty)
    }

    @Test func identifiersAreValidated() {
        let tags = TagSanitizer.sanitize(raw(["MUSICBRAINZ_TRACKID": ["not-a-uuid"], "MUSICBRAINZ_ALBUMID": ["0A1C6F72-89BB-4BC0-AF72-DF88CAC48C63"]]))
        #expect(tags.mbRecordingID == nil)
        #expect(tags.mbReleaseID == "0a1c6f72-89bb-4bc0-af72-df88cac48c63")
    }

    @Test func extensionsAreRecognized() {
        #expect(AudioFileKind(fileName: "a.M4A") == .mp4)
        #expect(AudioFileKind(fileName: "a.oga") == .ogg)
        #expect(AudioFileKind(fileName: "a.wv") == .wavPack)
        #expect(AudioFileKind(fileName: "cover.jpg") == nil)
        #expect(AudioFileKind(fileName: ".mp3") == nil)
    }
}

@Suite struct PathInferenceTests {
    @Test func artistAlbumNumberAndTitle() {
        let inference = PathInference(relativePath: "Mira Sol/Paper Rooms/03 Slow Echoes.mp3")
        #expect(inference == PathInference.make(artist: "Mira Sol", album: "Paper Rooms", title: "Slow Echoes", track: 3, disc: nil))
    }

    @Test func discPrefixesAndSeparators() {
        #expect(PathInference(relativePath: "A/B/1-02 Song.flac").discNumber == 1)
        #expect(PathInference(relativePath: "A/B/1-02 Song.flac").trackNumber == 2)
        #expect(PathInference(relativePath: "A/B/07 - Song Name.ogg").title == "Song Name")
        #expect(PathInference(relativePath: "A/B/2001 A Space Odyssey.ogg").title == "2001 A Space Odyssey")
        #expect(PathInference(relativePath: "Loose.mp3").artist == nil)
        #expect(PathInference(relativePath: "Loose.mp3").title == "Loose")
    }
}

extension PathInference {
    static func make(artist: String?, album: String?, title: String, track: Int?, disc: Int?) -> PathInference {
        var inference = PathInference(relativePath: title)
        inference.artist = artist
        inference.album = album
        inference.title = title
        inference.trackNumber = track
        inference.discNumber = disc
        return inference
    }
}
