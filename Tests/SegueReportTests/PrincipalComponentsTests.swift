@testable import SegueReport
import Testing

@Suite struct PrincipalComponentsTests {
    /// Two perfectly correlated dimensions (in different units) and one uncorrelated one (a
    /// full grid): standardized, the first axis is their diagonal and explains two thirds of
    /// the variance; the second is the third dimension.
    @Test func firstAxisFollowsCorrelatedDimensions() {
        let vectors: [[Float]] = (0..<400).map { i in
            let x = Float(i % 20) - 9.5, z = Float(i / 20) - 9.5
            return [x, 1000 * x, z]
        }
        let pca = PrincipalComponents(fitting: vectors)
        let first = pca.axes[0]
        #expect(abs(first[0] - 0.5.squareRoot()) < 1e-3)
        #expect(abs(first[1] - 0.5.squareRoot()) < 1e-3)
        #expect(abs(first[2]) < 1e-3)
        #expect(abs(pca.explainedVariance[0] - 2.0 / 3) < 0.01)
        #expect(abs(abs(pca.axes[1][2]) - 1) < 1e-3)
    }

    @Test func axesHaveAFixedSignAndAreOrthogonal() {
        var random = SplitMix64(seed: 11)
        let vectors: [[Float]] = (0..<300).map { _ in (0..<6).map { d in Float(random.normal() * Double(d + 1)) } }
        let pca = PrincipalComponents(fitting: vectors)
        for axis in pca.axes {
            let largest = axis.max { abs($0) < abs($1) }!
            #expect(largest > 0)
        }
        let dot = zip(pca.axes[0], pca.axes[1]).reduce(0) { $0 + $1.0 * $1.1 }
        #expect(abs(dot) < 1e-9)
        #expect(PrincipalComponents(fitting: vectors).axes == pca.axes)
    }

    @Test func constantAndDegenerateInputsProjectToFiniteNumbers() {
        let constant = PrincipalComponents(fitting: Array(repeating: [1, 2, 3], count: 5))
        #expect(constant.project([1, 2, 3]).allSatisfy { $0.isFinite })
        let single = PrincipalComponents(fitting: [[0.5, 0.25]])
        #expect(single.project([0.5, 0.25]) == [0, 0])
        let none = PrincipalComponents(fitting: [])
        #expect(none.axes.isEmpty)
        #expect(single.project([1]) == [0, 0], "a vector of another length")
    }
}
