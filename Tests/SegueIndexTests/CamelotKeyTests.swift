import Testing
@testable import SegueIndex

@Suite struct CamelotKeyTests {
    @Test func namesMapOntoTheWheel() {
        #expect(CamelotKey(key: "C", mode: "major")?.description == "8B")
        #expect(CamelotKey(key: "A", mode: "minor")?.description == "8A")
        #expect(CamelotKey(key: "Am", mode: nil)?.description == "8A")
        #expect(CamelotKey(key: "F#", mode: "major")?.description == "2B")
        #expect(CamelotKey(key: "Gb", mode: "major")?.description == "2B")
        #expect(CamelotKey(key: "Eb", mode: "minor")?.description == "2A")
        #expect(CamelotKey(key: "B", mode: "major")?.description == "1B")
        #expect(CamelotKey(key: "H", mode: "major") == nil)
        #expect(CamelotKey(key: nil, mode: "major") == nil)
    }

    @Test func compatibilityFallsOffAroundTheWheel() throws {
        let c = try #require(CamelotKey(key: "C", mode: "major"))
        let g = try #require(CamelotKey(key: "G", mode: "major"))
        let am = try #require(CamelotKey(key: "A", mode: "minor"))
        let fSharp = try #require(CamelotKey(key: "F#", mode: "major"))
        #expect(c.compatibility(with: c) == 1)
        #expect(c.compatibility(with: g) == 0.8)
        #expect(c.compatibility(with: am) == 0.8)
        #expect(c.compatibility(with: fSharp) < 0.1)
    }
}
