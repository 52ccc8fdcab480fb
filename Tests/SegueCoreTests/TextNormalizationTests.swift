import Foundation
import Testing
@testable import SegueCore

@Suite struct TextNormalizationTests {
    @Test(arguments: [
        ("The Beatles", "Beatles, The"),
        ("Beyoncé", "BEYONCE"),
        ("Simon & Garfunkel", "simon and garfunkel"),
        ("Guns N' Roses", "Guns N Roses"),
        ("R.E.M.", "REM"),
        ("Sigur Rós", "sigur ros"),
        ("AC/DC", "ac dc"),
    ])
    func equivalentNamesShareAKey(a: String, b: String) {
        #expect(MatchKey.make(a) == MatchKey.make(b))
    }

    /// ASCII names take a short path without Unicode folding; both paths give the same keys.
    @Test(arguments: [
        ("The Beatles", "beatles"), ("Beatles, The", "beatles"), ("Guns N' Roses", "guns n roses"), ("AC/DC", "ac dc"),
        ("R.E.M. + Friends", "rem and friends"), ("Track 12 (Live)", "track 12 live"),
        ("Beyoncé & Jay-Z", "beyonce and jay z"), ("Ｂｊörk’s Song", "bjorks song"), ("Sigur Rós, The", "sigur ros"),
    ])
    func keysAreExact(name: String, key: String) {
        #expect(MatchKey.make(name) == key)
    }

    @Test func differentNamesDiffer() {
        #expect(MatchKey.make("The The") != MatchKey.make("The"))
        #expect(MatchKey.make("Them") != MatchKey.make("The Them Band"))
    }

    @Test func featuredArtistsAreSplitFromTheMainCredit() {
        let credit = ArtistCredit("Daft Punk feat. Pharrell Williams & Nile Rodgers")
        #expect(credit.main == "Daft Punk")
        #expect(credit.featured == ["Pharrell Williams", "Nile Rodgers"])
        #expect(credit.primary() == "Daft Punk")
    }

    @Test func bracketedGuestsAreSplit() {
        let credit = ArtistCredit("Calvin Harris (ft. Rihanna)")
        #expect(credit.main == "Calvin Harris")
        #expect(credit.featured == ["Rihanna"])
    }

    @Test func membersOfACollaborationAreSplit() {
        let credit = ArtistCredit("Jay-Z & Kanye West")
        #expect(credit.members == ["Jay-Z", "Kanye West"])
        #expect(credit.primary() == "Jay-Z")
        #expect(ArtistCredit("Skrillex x Diplo").members == ["Skrillex", "Diplo"])
    }

    @Test func aKnownDuoStaysWhole() {
        let credit = ArtistCredit("Simon & Garfunkel")
        #expect(credit.primary(knownArtistKeys: [MatchKey.make("Simon and Garfunkel")]) == "Simon & Garfunkel")
    }

    @Test(arguments: [
        ("Song (2011 Remaster)", TitleVersion.Marker.remaster),
        ("Song - Remastered 2009", .remaster),
        ("Song (Live at Leeds)", .live),
        ("Song [Demo]", .demo),
        ("Song - Radio Edit", .radioEdit),
        ("Song (Mono)", .mono),
        ("Song (feat. Someone)", .featuring),
        ("Song (1999)", .year),
    ])
    func versionsShareTheBaseTitle(title: String, marker: TitleVersion.Marker) {
        let version = TitleVersion(title)
        #expect(version.key == MatchKey.make("Song"))
        #expect(version.markers.contains(marker))
    }

    @Test func titlesThatOnlyLookLikeVersionsAreKept() {
        #expect(TitleVersion("Live Forever").key == MatchKey.make("Live Forever"))
        #expect(TitleVersion("Summer of 69 - Bryan Adams Cover").key != MatchKey.make("Summer of 69"))
        #expect(TitleVersion("1999").key == "1999")
    }

    /// Tags, credits and file names are trimmed without Foundation's `CharacterSet` (whose
    /// lock serialised the scan's readers), of exactly the same characters.
    @Test func whitespaceIsFoundationsWhitespace() {
        let differing = (UInt32(0)...0x10FFFF).compactMap(Unicode.Scalar.init).filter {
            Whitespace.contains($0) != CharacterSet.whitespaces.contains($0)
        }
        #expect(differing.isEmpty)
    }

    @Test(arguments: [
        "", " ", "\u{A0}\t\u{3000}", "  Song  ", "\u{200B}Song\u{202F}", " \u{301}e ", "\u{301} ", "a \u{1F600} ",
        "\u{2028}line\u{85}", "\u{180E}x\u{FEFF}", "Beyonce\u{0301}\u{A0}", "tab\t", "\u{2000}\u{200A}",
    ])
    func trimmingAgreesWithFoundation(text: String) {
        let expected = Array(text.trimmingCharacters(in: .whitespaces).unicodeScalars)
        #expect(Array(text.trimmingWhitespace().unicodeScalars) == expected)
        #expect(Array(text[...].trimmingWhitespace().unicodeScalars) == expected)
    }

    @Test func editDistanceSuggestsOnlyPlausibleTypos() {
        #expect(EditDistance.between("kitten", "sitting") == 3)
        #expect(EditDistance.closest(to: "databse", among: ["database", "music_dirs"]) == "database")
        #expect(EditDistance.closest(to: "zzzzzz", among: ["database"]) == nil)
    }
}
