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

    /// Every credited artist is stored when the tags name them; a credit is never split on a guess.
    @Test(arguments: [
        (["ARTIST": ["Mira Sol feat. Noor"], "ARTISTS": ["Mira Sol", "Noor"], "MUSICBRAINZ_ARTISTID": ["11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"]],
         ["Mira Sol|11111111-1111-4111-8111-111111111111", "Noor|22222222-2222-4222-8222-222222222222"]),
        (["ARTIST": ["Kobalt & Beton"], "MUSICBRAINZ_ARTISTID": ["33333333-3333-4333-8333-333333333333", "44444444-4444-4444-8444-444444444444"]], ["Kobalt|33333333-3333-4333-8333-333333333333", "Beton|44444444-4444-4444-8444-444444444444"]),
        (["ARTIST": ["Earth, Wind & Fire"], "MUSICBRAINZ_ARTISTID": ["55555555-5555-4555-8555-555555555555"]], ["Earth, Wind & Fire|55555555-5555-4555-8555-555555555555"]),
        (["ARTIST": ["Ezra Vale feat. Noor"]], ["Ezra Vale|"]),
        (["ARTIST": ["Ana Lúa & Noor"], "ARTISTS": ["Ana Lúa", "Noor"]], ["Ana Lúa|", "Noor|"]),
    ])
    func creditedArtists(tags: [String: [String]], expected: [String]) throws {
        let harness = try ScanHarness(tracks: 1)
        let track = try #require(harness.manifest.tracks.first)
        try TagWriter.write(tags.merging(["TITLE": ["Credit Test"], "ALBUM": ["Credits"]]) { $1 }, to: harness.path(track.path))
        #expect(try harness.scan().status == 0)
        let rows = try harness.read { db in
            try Row.fetchAll(db, sql: "SELECT name, mb_artist_id FROM track_artists ORDER BY position").map { row in
                "\(row["name"] as String)|\(row["mb_artist_id"] as String? ?? "")"
            }
        }
        #expect(rows == expected)
        // A retag replaces them.
        try TagWriter.write(["TITLE": ["Credit Test"], "ARTIST": ["Beton"]], to: harness.path(track.path))
        #expect(try harness.scan().status == 0)
        #expect(try harness.count("SELECT COUNT(*) FROM track_artists WHERE name = 'Beton'") == 1)
        #expect(try harness.count("SELECT COUNT(*) FROM track_artists") == 1)
    }
}
