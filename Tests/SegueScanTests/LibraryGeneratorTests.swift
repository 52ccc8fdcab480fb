import Foundation
import SegueTestSupport
import Testing

/// Tests compare against the manifest, so the generator must be reproducible and complete.
@Suite struct LibraryGeneratorTests {
    @Test func theSameSeedGivesTheSameFiles() throws {
        let folder = try TemporaryDirectory(prefix: "segue-generator-test")
        let first = try LibraryGenerator(output: folder.file("a"), trackCount: 7, seconds: 1, seed: 3).generate()
        let second = try LibraryGenerator(output: folder.file("b"), trackCount: 7, seconds: 1, seed: 3).generate()
        #expect(first.tracks.map(\.path) == second.tracks.map(\.path))
        for track in first.tracks {
            let a = try Data(contentsOf: URL(fileURLWithPath: folder.file("a/" + track.path)))
            let b = try Data(contentsOf: URL(fileURLWithPath: folder.file("b/" + track.path)))
            #expect(a == b, "\(track.path)")
        }
        #expect(Set(first.tracks.map(\.style)).count == SonicStyle.allCases.count)
        #expect(first.tracks.contains { $0.bpm != nil } && first.tracks.contains { $0.key != nil })
    }
}
