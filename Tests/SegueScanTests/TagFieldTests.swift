import Foundation
import GRDB
import SegueTestSupport
import Testing

/// The first scan of a generated library stores every tag and audio property of every
/// format exactly as the manifest says the generator wrote it.
@Suite struct TagFieldTests {
    @Test func everyFieldOfEveryFormatIsRead() throws {
        let harness = try ScanHarness()
        let result = try harness.scan()
        #expect(result.status == 0, "\(result.stderr)")

        for track in harness.manifest.tracks where !track.tags.isEmpty {
            let row = try #require(try harness.track(track.path), "no row for \(track.path)")
            let tags = track.tags
            func first(_ key: String) -> String? { tags[key]?.first }
            let context = Comment(rawValue: track.path)
            #expect(row["title"] == first("TITLE"), context)
            #expect(row["artist"] == first("ARTIST"), context)
            #expect(row["album_artist"] == first("ALBUMARTIST"), context)
            #expect(row["album"] == first("ALBUM"), context)
            let trackParts = try #require(first("TRACKNUMBER")).split(separator: "/").map { Int($0) }
            #expect(row["track_number"] == trackParts[0], context)
            #expect(row["track_total"] == trackParts[1], context)
            let discParts = try #require(first("DISCNUMBER")).split(separator: "/").map { Int($0) }
            #expect(row["disc_number"] == discParts[0], context)
            #expect(row["disc_total"] == discParts[1], context)
            #expect(row["date"] == first("DATE"), context)
            #expect(row["year"] == first("DATE").flatMap { Int($0.prefix(4)) }, context)
            #expect(row["compilation"] == (first("COMPILATION") == "1"), context)
            #expect(row["mb_recording_id"] == first("MUSICBRAINZ_TRACKID"), context)
            #expect(row["mb_release_track_id"] == first("MUSICBRAINZ_RELEASETRACKID"), context)
            #expect(row["mb_artist_id"] == first("MUSICBRAINZ_ARTISTID"), context)
            #expect(row["mb_album_artist_id"] == first("MUSICBRAINZ_ALBUMARTISTID"), context)
            #expect(row["mb_release_id"] == first("MUSICBRAINZ_ALBUMID"), context)
            #expect(row["mb_release_group_id"] == first("MUSICBRAINZ_RELEASEGROUPID"), context)
            #expect(row["isrc"] == first("ISRC"), context)
            #expect(row["codec"] == track.codec, context)
            #expect(row["sample_rate"] == track.sampleRate, context)
            #expect(row["channels"] == track.channels, context)
            #expect(row["tags_inferred"] == false, context)
            let duration: Int = try #require(row["duration_ms"])
            #expect(abs(duration - Int(track.seconds * 1000)) <= 100, "\(track.path): \(duration) ms")
            let bitrate: Int = try #require(row["bitrate"])
            #expect(bitrate > 0, context)

            let genres = try harness.read { db in
                try String.fetchAll(db, sql: "SELECT genre FROM track_genres WHERE track_id = ? AND source = 'file' ORDER BY genre",
                                    arguments: [row["id"] as Int64])
            }
            let expected = (tags["GENRE"] ?? []).flatMap { $0.split(whereSeparator: { ";/,".contains($0) }) }
                .map { $0.trimmingCharacters(in: .whitespaces) }.sorted()
            #expect(genres == expected, context)
            #expect(genres.count >= 2, context)
        }
    }

    @Test func everyFormatIsCovered() throws {
        let harness = try ScanHarness()
        try harness.scan()
        let codecs = try harness.read { try String.fetchAll($0, sql: "SELECT DISTINCT codec FROM tracks ORDER BY codec") }
        #expect(codecs == ["AAC", "ALAC", "FLAC", "MP3", "Opus", "PCM", "Vorbis"])
    }

    @Test func untaggedFilesTakeArtistAlbumAndTitleFromThePath() throws {
        let harness = try ScanHarness(tracks: 20)
        try harness.scan()
        let untagged = harness.manifest.tracks.filter { $0.tags.isEmpty }
        #expect(!untagged.isEmpty)
        for track in untagged {
            let row = try #require(try harness.track(track.path))
            #expect(row["title"] == track.pathTitle)
            #expect(row["artist"] == track.pathArtist)
            #expect(row["album"] == track.pathAlbum)
            #expect(row["track_number"] == track.pathTrackNumber)
            #expect(row["tags_inferred"] == true)
            #expect(row["artist_id"] as Int64? != nil)
        }
    }

    @Test func featuredArtistsAreCreditedToThePrimaryArtist() throws {
        let harness = try ScanHarness(tracks: 20)
        try harness.scan()
        let featured = harness.manifest.tracks.filter { $0.tags["ARTIST"]?.first?.contains(" feat. ") == true }
        #expect(!featured.isEmpty)
        for track in featured {
            let name = try harness.read { db in
                try String.fetchOne(db, sql: "SELECT artists.name FROM tracks JOIN artists ON artists.id = tracks.artist_id WHERE path = ?",
                                    arguments: [harness.path(track.path)])
            }
            #expect(name == track.tags["ARTISTS"]?.first)
        }
        let creditNames = try harness.count("SELECT COUNT(*) FROM artists WHERE name LIKE '% feat. %'")
        #expect(creditNames == 0)
    }

    @Test func compilationsHaveNoSingleAlbumArtist() throws {
        let harness = try ScanHarness(tracks: 20)
        try harness.scan()
        let compilations = try harness.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM albums WHERE album_artist = 'Various Artists'")
        }
        #expect(!compilations.isEmpty)
        for album in compilations {
            #expect(album["artist_id"] as Int64? == nil)
            #expect(album["mb_release_group_id"] as String? != nil)
        }
    }
}
