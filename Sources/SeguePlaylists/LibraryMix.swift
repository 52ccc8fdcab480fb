/// A library mix's lasting identity (`playlist_mixes`): it keeps its id, its name and so its
/// file and rotation memory from night to night, while its centre follows the library.
struct LibraryMix: Sendable, Equatable {
    /// Negative for a mix found on a dry run, which stores nothing.
    var id: Int64
    /// Given once, when the mix is first planned; nil until then.
    var name: String?
    /// The centre in raw feature space (the standardization changes as the library grows).
    var centroid: [Float]
}
