/// An artist of the library as the genre stage needs it.
public struct ArtistEntity: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var mbid: String?
}

/// An album of the library as the genre stage needs it.
public struct AlbumEntity: Sendable, Equatable {
    public var id: Int64
    public var title: String
    public var albumArtist: String
    public var artistID: Int64?
    public var artistMBID: String?
    public var releaseGroupID: String?
}

/// What one fetch found for one entity, written together with its cache row.
public struct EntityResult: Sendable {
    public var id: Int64
    /// Genre → weight; nil when the service does not know the entity.
    public var genres: [String: Double]?
    /// An MBID learned along the way (an artist found by name, an album by title).
    public var resolvedMBID: String?

    public init(id: Int64, genres: [String: Double]?, resolvedMBID: String? = nil) {
        self.id = id
        self.genres = genres
        self.resolvedMBID = resolvedMBID
    }
}

/// The cache's name for what was fetched.
public enum CacheKind: String, Sendable {
    case artist, album, similar
}
