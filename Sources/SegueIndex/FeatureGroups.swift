/// Which dimensions of the sonic feature vector belong to which family, so each family can be
/// weighted as a whole whatever its number of dimensions.
///
/// This is the one place that knows the layout of `sonic_features.vector`; adjust the ranges
/// here when the DSP layout changes. Dimensions no range covers fall into `other`.
public struct FeatureGroups: Sendable, Equatable {
    public enum Family: String, CaseIterable, Sendable {
        case timbre, rhythm, harmony, loudness, other
    }

    public struct Group: Sendable, Equatable {
        public var family: Family
        public var range: Range<Int>
    }

    public var groups: [Group]

    public init(groups: [Group]) {
        self.groups = groups
    }

    /// The documented analysis layout: 30 timbre values (MFCC means and deviations, spectral
    /// shape), 4 rhythm values (tempo, onset rate, pulse clarity, tempo stability), a 12-bin
    /// chroma profile, then loudness and energy.
    public static let standard = FeatureGroups(groups: [
        Group(family: .timbre, range: 0..<30),
        Group(family: .rhythm, range: 30..<34),
        Group(family: .harmony, range: 34..<46),
        Group(family: .loudness, range: 46..<48),
    ])

    /// The length of a vector in this layout.
    public var dimension: Int {
        groups.map(\.range.upperBound).max() ?? 0
    }

    /// Each dimension's family, for a vector of `dimension` values (longer or shorter than the layout).
    public func families(dimension: Int) -> [Family] {
        var families = [Family](repeating: .other, count: dimension)
        for group in groups {
            for index in group.range where index < dimension {
                families[index] = group.family
            }
        }
        return families
    }
}
