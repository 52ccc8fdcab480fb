import Foundation
@testable import SegueGenres
import SegueHTTP
import SegueTestSupport
import Testing

/// Every recorded response in ../shared/fixtures goes through the parser that reads its kind.
@Suite struct FixtureParsingTests {
    func response(_ file: String, status: Int = 200) throws -> HTTPResponse {
        HTTPResponse(status: status, headers: ["content-type": "application/json"], body: try FixtureFiles.data(file))
    }

    @Test func musicBrainzArtistSearch() throws {
        let artists = try MusicBrainzClient.parseArtistSearch(response("musicbrainz/artist-search.artist_fred_AND_type_group_AND_country_US.json"))
        #expect(artists.count == 17)
        #expect(artists.allSatisfy { !$0.id.isEmpty && !$0.name.isEmpty })
        #expect(artists[0].score == 100)
    }

    @Test func musicBrainzArtistLookupMergesGenresAndTags() throws {
        let node = try JSONNode.parse(try FixtureFiles.data("musicbrainz/artist-lookup.inc-aliases+genres+ratings+tags.db92a151.json"))
        let artist = try #require(MusicBrainzClient.artist(node))
        #expect(artist.name == "Rick Astley")
        let tags = Dictionary(uniqueKeysWithValues: artist.tags.map { ($0.name, $0.count) })
        #expect(tags["dance-pop"] == 4)
        #expect(tags["adult contemporary"] == 1)
        let weights = GenreWeighting(vocabulary: .standard, minWeight: 0.1).weigh(artist.tags)
        #expect(weights["dance-pop"] == 1)
        #expect(weights["pop"] == 1)
    }

    @Test func musicBrainzOtherLookups() throws {
        let aliases = try JSONNode.parse(try FixtureFiles.data("musicbrainz/artist-lookup.inc-aliases.5b11f4ce.json"))
        #expect(MusicBrainzClient.artist(aliases)?.tags == [])
        let group = try JSONNode.parse(try FixtureFiles.data("musicbrainz/release-group-lookup.inc-artist-credits+releases.c9fdb94c.json"))
        #expect(MusicBrainzClient.releaseGroup(group)?.title == "The Lost Tape")
        let genre = try JSONNode.parse(try FixtureFiles.data("musicbrainz/genre-lookup.f66d7266.json"))
        #expect(genre["name"].string.flatMap { GenreVocabulary.standard.canonical($0) } != nil)
    }

    @Test func musicBrainzSearchesAndBrowses() throws {
        let groups = try JSONNode.parse(try FixtureFiles.data("musicbrainz/release-group-search.release_Tenance.json"))
        #expect(!groups["release-groups"].list.compactMap(MusicBrainzClient.releaseGroup).isEmpty)
        let tags = try JSONNode.parse(try FixtureFiles.data("musicbrainz/tag-search.shoegaze.json"))
        let names = tags["tags"].list.compactMap { $0["name"].string }
        #expect(names.count == 25)
        #expect(names.compactMap { GenreVocabulary.standard.canonical($0) }.contains("shoegaze"))
        let releases = try JSONNode.parse(try FixtureFiles.data("musicbrainz/release-browse.label-47e718e1.json"))
        #expect(releases["release-count"].int == 117)
        #expect(releases["releases"].list.count == 25)
    }

    @Test func lastfmTopTags() throws {
        for file in ["lastfm/pydrag.artist.getTopTags.guns-n-roses.json", "lastfm/pydrag.album.getTopTags.queen-a-night-at-the-opera.json",
                     "lastfm/pydrag.track.getTopTags.acdc-hells-bells-autocorrect.json"] {
            let json = try #require(try LastFMClient.classify(response(file)))
            let tags = LastFMClient.tags(json["toptags"])
            #expect(tags.first?.count == 100, "\(file)")
            let weights = GenreWeighting(vocabulary: .standard, minWeight: 0.1).weigh(tags)
            #expect(weights["seen live"] == nil && weights["70s"] == nil && weights["80s"] == nil)
            #expect(weights["hard rock"] != nil || weights["classic rock"] != nil)
        }
    }

    @Test func lastfmSimilarAndInfo() throws {
        let similar = LastFMClient.similar(try #require(try LastFMClient.classify(response("lastfm/navidrome.lastfm.artist.getsimilar.json")))["similarartists"])
        #expect(similar.count == 2)
        #expect(similar[1] == .init(name: "INXS", mbid: "481bf5f9-2e7c-4c44-b08a-05b32bc7c00d", match: 0.511468))
        let unknown = try #require(try LastFMClient.classify(response("lastfm/navidrome.lastfm.artist.getsimilar.unknown.json")))
        #expect(LastFMClient.similar(unknown["similarartists"]).isEmpty)
        let info = try #require(try LastFMClient.classify(response("lastfm/navidrome.lastfm.artist.getinfo.json")))
        #expect(info["artist"]["name"].string == "U2")
    }

    @Test func lastfmErrorsWithHTTP200() throws {
        #expect(try LastFMClient.classify(response("lastfm/navidrome.lastfm.artist.error6.json")) == nil)
        #expect(try LastFMClient.classify(response("lastfm/pydrag.track.getInfo.error6-http200.json")) == nil)
        #expect(throws: ResponseProblem.self) { try LastFMClient.classify(response("lastfm/navidrome.lastfm.artist.error3.json")) }
    }

    @Test func lastfmRecentTracksAndTopArtists() throws {
        let json = try #require(try LastFMClient.classify(response("lastfm/pydrag.user.getRecentTracks.extended1.json")))
        let page = LastFMClient.recentTracks(json["recenttracks"])
        #expect(page.totalPages == 690)
        #expect(page.listens.count == 50)
        #expect(page.listens[0].artist == "Jefferson Airplane")
        #expect(page.listens[0].title == "Somebody to Love")
        #expect(page.listens[0].album == "Bless Its Pointed Little Head")
        #expect(page.listens[0].listenedAt == Date(timeIntervalSince1970: 1_542_874_436))
        let top = try #require(try LastFMClient.classify(response("lastfm/pydrag.user.getTopArtists.rj-7day.json")))
        let first = top["topartists"]["artist"].list[0]
        #expect(first["mbid"].nonEmptyString == nil)
        #expect(first["playcount"].int == 35)
    }

    @Test func oneElementListAsObject() throws {
        let json = try JSONNode.parse(Data(#"{"toptags":{"tag":{"name":"Hip-Hop","count":"100"}}}"#.utf8))
        #expect(LastFMClient.tags(json["toptags"]) == [RawTag(name: "Hip-Hop", count: 100)])
    }

    @Test func listenBrainzListens() throws {
        let body = #"{"payload":{"count":2,"listens":[{"listened_at":1700000100,"track_metadata":{"artist_name":"Björk","track_name":"Jóga","release_name":"Homogenic","mbid_mapping":{"recording_mbid":"abc"}}},{"listened_at":1700000000,"track_metadata":{"artist_name":"","track_name":"x"}}]}}"#
        let listens = ListenBrainzClient.parse(try JSONNode.parse(Data(body.utf8)))
        #expect(listens == [Listen(source: "listenbrainz", listenedAt: Date(timeIntervalSince1970: 1_700_000_100), artist: "Björk",
                                   title: "Jóga", album: "Homogenic", recordingMBID: "abc")])
    }

    @Test func notJSONIsRetried() {
        #expect(throws: ResponseProblem.self) { try JSONNode.parse(Data("<html>502 Bad Gateway</html>".utf8)) }
        #expect(throws: ResponseProblem.self) { try JSONNode.parse(Data(#"{"artists": [{"id": ""#.utf8)) }
    }
}
