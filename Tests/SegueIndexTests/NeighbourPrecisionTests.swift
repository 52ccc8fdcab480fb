import SegueTestSupport
import Testing

@Suite struct NeighbourPrecisionTests {
    @Test func countsSharedLabelsAmongTheFirstNeighboursAgainstChance() {
        // Five tracks: albums a, a, a, b and one without an album; c has an album of its own.
        let labels: [Int: String] = [1: "a", 2: "a", 3: "a", 4: "b", 6: "c"]
        let neighbours: [Int: [Int]] = [
            1: [2, 4, 3], 2: [5, 4, 1], 3: [4, 5, 6], 4: [1, 2, 3], 5: [1, 2, 3], 6: [1, 2, 3],
        ]
        let result = NeighbourPrecision.measure(neighbours: neighbours, labels: labels, k: 2)
        // Queries: 1, 2, 3 (album a); 4 and 6 have no other track of their album, 5 has none.
        // Hits in the first two: 1 → 2 (1), 2 → none (0), 3 → none (0).
        #expect(result.queries == 3)
        #expect(result.precision == 1.0 / 6)
        // Each query of a shares it with 2 of the 5 other tracks.
        #expect(abs(result.chance - 2.0 / 5) < 1e-12)

        let onlyFirst = NeighbourPrecision.measure(neighbours: neighbours, labels: labels, k: 3) { $0 == 1 }
        #expect(onlyFirst.queries == 1)
        #expect(abs(onlyFirst.precision - 2.0 / 3) < 1e-12)
    }

    @Test func noQueriesGiveZeroNotNaN() {
        let result = NeighbourPrecision.measure(neighbours: [1: [2], 2: [1]], labels: [1: "a", 2: "b"], k: 10)
        #expect(result.queries == 0)
        #expect(result.precision == 0)
        #expect(result.chance == 0)
    }
}
