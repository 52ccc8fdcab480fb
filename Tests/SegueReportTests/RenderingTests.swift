@testable import SegueReport
import Testing

@Suite struct RenderingTests {
    @Test func escapingCoversMarkupQuotesAndForbiddenCharacters() {
        #expect(Markup.escape("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&#39;")
        #expect(Markup.escape("line\nnext\ttab") == "line\nnext\ttab")
        #expect(Markup.escape("bell\u{07}null\u{0}") == "bell\u{FFFD}null\u{FFFD}")
        #expect(Markup.escape("]]>") == "]]&gt;")
        #expect(Markup.escape("Björk – Jóga 🎵") == "Björk – Jóga 🎵")
    }

    @Test func numbersAreShortAndLocaleFree() {
        #expect(Markup.coordinate(12.34) == "12.3")
        #expect(Markup.coordinate(12.96) == "13")
        #expect(Markup.count(30_000) == "30\u{202F}000")
        #expect(Markup.duration(milliseconds: 187_400) == "3:07")
        #expect(Markup.duration(milliseconds: 3_723_000) == "1:02:03")
        #expect(Markup.percent(1, of: 3) == "33%")
        #expect(Markup.percent(1, of: 200) == "0.5%")
        #expect(Markup.percent(1, of: 0) == "–")
        #expect(Markup.percent(1_775, of: 1_782) == "99.6%")
        #expect(Markup.percent(1_782, of: 1_782) == "100%")
        #expect(Markup.percent(0, of: 1_782) == "0%")
        #expect(Markup.percent(29_684, of: 29_691) == "99.9%")
        #expect(Markup.percent(1, of: 30_000) == "0.1%")
        #expect(Markup.elapsed(seconds: 185) == "3 min 05 s")
    }

    @Test func everyPixelFallsInTheHexagonWithTheNearestCentre() {
        var random = SplitMix64(seed: 3)
        let pixels = (0..<2_000).map { _ in (x: random.uniform() * 800, y: random.uniform() * 500, key: 0) }
        let radius = 8.0
        for pixel in pixels {
            let (q, r) = HexDensity.axial(x: pixel.x, y: pixel.y, radius: radius)
            let centre = HexDensity(pixels: [], radius: radius).centre(of: HexDensity.Bin(q: q, r: r))
            let distance = ((centre.x - pixel.x) * (centre.x - pixel.x) + (centre.y - pixel.y) * (centre.y - pixel.y)).squareRoot()
            #expect(distance <= radius + 1e-9)
        }
        let density = HexDensity(pixels: pixels, radius: radius)
        #expect(density.bins.reduce(0) { $0 + $1.count } == pixels.count)
    }

    @Test func mapLeavesOutCorruptAndOldLayoutVectors() {
        func track(_ id: Int64, _ vector: [Float], genre: String? = "techno") -> MapQueries.AnalysedTrack {
            MapQueries.AnalysedTrack(id: id, label: "A – T", vector: vector, topGenre: genre)
        }
        let map = LibraryProjection.map(of: [
            track(1, [0, 1, 2]), track(2, [1, 0, 2]), track(3, [2, 2, 0], genre: nil),
            track(4, [.nan, 0, 0]), track(5, [1, 2]),
        ])
        #expect(map.points.map(\.trackID) == [1, 2, 3])
        #expect(map.points.allSatisfy { $0.x.isFinite && $0.y.isFinite })
        #expect(map.genres == ["techno"])
        #expect(map.points[2].genreIndex == nil && !map.points[2].hasGenre)
    }

    @Test func keyChangesAreMarkedOnlyWhereTheKeyChanges() {
        func entry(_ key: String?) -> PlaylistData.Entry {
            PlaylistData.Entry(position: 0, trackID: 1, artist: "A", title: "T", durationMs: nil, bpm: 120, key: key,
                               energy: nil, loudnessLUFS: nil, reason: nil, isSeed: false, transitionScore: nil)
        }
        let svg = PlaylistProfileSVG.svg([entry("A minor"), entry("A minor"), entry(nil), entry("C major"), entry("C major")])
        #expect(ReportCheck.occurrences(of: "class=\"key-change\"", in: svg) == 1)
        #expect(svg.contains(">Am</text>"))
        #expect(svg.contains(">C</text>"))
        #expect(svg.contains("not analysed"), "energy and loudness are unknown")
        #expect(svg.contains("not scored"))
        #expect(svg.contains("<title>4. A – T\nBPM 120\nkey A minor → C major</title>"), "one tooltip per track")
    }
}
