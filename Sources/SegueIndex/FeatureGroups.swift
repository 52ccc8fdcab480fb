/// Which dimensions of the sonic feature vector belong to which family, so each family can be
/// weighted as a whole whatever its number of dimensions.
///
/// This is the one place that knows the layout of `sonic_features.vector`; adjust the ranges
/// here when the DSP layout changes. Dimensions no range covers fall into `other`.
public struct FeatureGroups: Sendable, Equatable {
    public enum Family: String, CaseIterable, Sendable {
        case timbre, rhythm, harmony, loudness, other, embedding
    }

    public struct Group: Sendable, Equatable {
        public var family: Family
        public var range: Range<Int>

        public init(family: Family, range: Range<Int>) {
            self.family = family
            self.range = range
        }
    }

    public var groups: [Group]

    public init(groups: [Group]) {
        self.groups = groups
    }

    /// The layout of `FeatureLayout` version 1 (SegueDSP; see the README's "Feature vector"):
    /// MFCC, spectral shape and zero-crossing rate are timbre; onset statistics and tempo are
    /// rhythm; chroma and key strength are harmony; RMS, LUFS, loudness range and energy are
    /// loudness; the between-window spreads are other. The MusiCNN embedding (`sonic_embeddings`,
    /// 200 values, when the analysis stores one) follows the 95 DSP values as one family. Tests
    /// hold it to `FeatureLayout` and to `MusiCNNModel`.
    public static let standard = FeatureGroups(groups: [
        Group(family: .timbre, range: 0..<64),
        Group(family: .loudness, range: 64..<66),
        Group(family: .harmony, range: 66..<78),
        Group(family: .rhythm, range: 78..<85),
        Group(family: .harmony, range: 85..<87),
        Group(family: .loudness, range: 87..<90),
        Group(family: .other, range: 90..<95),
        Group(family: .embedding, range: 95..<295),
    ])

    /// The length of a vector in this layout, the embedding included.
    public var dimension: Int {
        groups.map(\.range.upperBound).max() ?? 0
    }

    /// The length of `sonic_features.vector` in this layout: the families before the embedding.
    public var vectorDimension: Int {
        groups.filter { $0.family != .embedding }.map(\.range.upperBound).max() ?? 0
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
