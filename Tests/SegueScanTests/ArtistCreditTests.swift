import Foundation
import GRDB
import SegueTestSupport
import Testing

/// A track is filed under its primary artist, however its credit is written.
@Suite struct ArtistCreditTests {
    @Test(arguments: [
        (["ARTIST": ["Mira Sol feat. Noor"]], "Mira Sol"),
        (["ARTIST": ["Ezra Vale ft. Lil Quartz & Noor"]], "Ezra Vale"),
        (["ARTIST": ["Kobalt & Beton"]], "Kobalt"),
        (["ARTIST": ["Kobalt x Beton"]], "Kobalt"),
        (["ARTIST": ["Beton vs. Kobalt"]], "Beton"),
        (["ARTIST": ["Beton, Kobalt"]], "Beton"),
        (["ARTIST": ["Ana Lúa with Noor"]], "Ana Lúa"),
        (["ARTIST": ["Simon & Garfunkel"], "MUSICBRAINZ_ARTISTID": ["5d02f264-e225-41ff-83f7-d9b1f0b1874a"]], "Simon & Garfunkel"),
        (["ARTIST": ["Nightjar & The Moths"], "ALBUMARTIST": ["Nightjar & The Moths"]], "Nightjar & The Moths"),
        (["ARTIST": ["Mira Sol & Noor"], "ARTISTS": ["Noor", "Mira Sol"]], "Noor"),
    ])
    func primaryArtist(tags: [String: [String]], expected: String) throws {
        let harness = try ScanHarness(tracks: 1)
        let track = try #require(harness.manifest.tracks.first)
        try TagWriter.write(tags.merging(["TITLE": ["Credit Test"], "ALBUM": ["Credits"]]) { $1 }, to: harness.path(track.path))
        #expect(try harness.scan().status == 0)
        let name = try harness.read { db in
            try String.fetchOne(db, sql: "SELECT artists.name FROM tracks JOIN artists ON artists.id = tracks.artist_id")
        }
        #expect(name == expected)
        #expect(try harness.track(track.path)?["artist"] == tags["ARTIST"]?.first)
    }
}
