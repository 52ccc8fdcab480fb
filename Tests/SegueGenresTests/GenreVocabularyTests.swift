import Foundation
@testable import SegueGenres
import Testing

@Suite struct GenreVocabularyTests {
    let vocabulary = GenreVocabulary.standard

    @Test(arguments: [
        ("Hip Hop", "hip hop"), ("hip-hop", "hip hop"), ("Hip-Hop", "hip hop"), ("rap", "hip hop"), ("hiphop", "hip hop"),
        ("drum and bass", "drum and bass"), ("DnB", "drum and bass"), ("drum'n'bass", "drum and bass"),
        ("Drum & Bass", "drum and bass"), ("d&b", "drum and bass"),
        ("R&B", "r&b"), ("rnb", "r&b"), ("Rhythm and Blues", "r&b"),
        ("synthpop", "synth-pop"), ("Synth Pop", "synth-pop"), ("post punk", "post-punk"), ("lofi", "lo-fi"),
        ("rock'n'roll", "rock and roll"), ("Rock & Roll", "rock and roll"), ("alt rock", "alternative rock"),
        ("shoegazing", "shoegaze"), ("prog", "progressive rock"), ("Children's Music", "children's music"),
        ("Minimal", "minimal"), ("Neoclassical", "neoclassical"), ("Ambient Music", "ambient"),
    ])
    func spellingVariants(_ tag: String, _ expected: String) {
        #expect(vocabulary.canonical(tag) == expected)
    }

    @Test(arguments: ["seen live", "favourites", "favorite", "80s", "1975", "british", "american", "albums I own", "awesome", "", "  "])
    func nonGenresAreDropped(_ tag: String) {
        #expect(vocabulary.canonical(tag) == nil)
    }

    @Test func extraTagsAreKept() {
        let custom = GenreVocabulary(extraTags: ["Melancholy"])
        #expect(custom.canonical("melancholy") == "melancholy")
        #expect(vocabulary.canonical("melancholy") == nil)
    }

    @Test func fileTagTexts() {
        #expect(vocabulary.genres(inTagText: "Rock; Pop") == ["rock", "pop"])
        #expect(vocabulary.genres(inTagText: "Hip-Hop/Rap") == ["hip hop"])
        #expect(vocabulary.genres(inTagText: "Rhythm/Blues") == ["r&b"])
        #expect(vocabulary.genres(inTagText: "Electronic, Other") == ["electronic"])
    }

    @Test func parentsComeFromTheTree() {
        #expect(vocabulary.parents["gangsta rap"]?.contains("hip hop") == true)
        #expect(vocabulary.parents["grunge"]?.isEmpty == false)
        #expect(vocabulary.genres.count >= 2096)
        #expect(vocabulary.genres.contains("r&b"))
        #expect(!vocabulary.genres.contains("r&amp;b"))
    }

    @Test func weightsAreNormalizedPerSource() {
        let weighting = GenreWeighting(vocabulary: vocabulary, minWeight: 0.1)
        let weights = weighting.weigh([RawTag(name: "Hip-Hop", count: 60), RawTag(name: "rap", count: 40),
                                       RawTag(name: "seen live", count: 500), RawTag(name: "jazz", count: 50),
                                       RawTag(name: "soul", count: 5), RawTag(name: "funk", count: -3)])
        #expect(weights == ["hip hop": 1, "jazz": 0.5])
    }

    @Test func expirySpreadsDeterministically() {
        let expiry = CacheExpiry(days: 30)
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        let days = (1...500).map { expiry.expiry(fetchedAt: start, source: "musicbrainz", kind: "artist", entityID: Int64($0)).timeIntervalSince(start) / 86_400 }
        #expect(days.allSatisfy { $0 >= 24 && $0 <= 36 })
        #expect(days.min()! < 25 && days.max()! > 35)
        #expect(expiry.expiry(fetchedAt: start, source: "musicbrainz", kind: "artist", entityID: 7)
                == expiry.expiry(fetchedAt: start, source: "musicbrainz", kind: "artist", entityID: 7))
    }
}
