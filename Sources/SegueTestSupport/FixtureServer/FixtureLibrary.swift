import Foundation

/// What the simulated MusicBrainz, Last.fm and ListenBrainz know: artists with their tags,
/// release groups and similar artists, and users' listens.
public struct FixtureLibrary: Sendable {
    public struct Tag: Sendable {
        public var name: String
        public var count: Int

        public init(_ name: String, _ count: Int) {
            self.name = name
            self.count = count
        }
    }

    public struct ReleaseGroup: Sendable {
        public var id: String
        public var title: String
        public var tags: [Tag]

        public init(id: String, title: String, tags: [Tag] = []) {
            self.id = id
            self.title = title
            self.tags = tags
        }
    }

    public struct Similar: Sendable {
        public var name: String
        public var mbid: String
        public var match: Double

        public init(name: String, mbid: String = "", match: Double) {
            self.name = name
            self.mbid = mbid
            self.match = match
        }
    }

    public struct Artist: Sendable {
        public var name: String
        public var mbid: String
        public var disambiguation: String
        public var tags: [Tag]
        public var releaseGroups: [ReleaseGroup]
        public var similar: [Similar]
        /// Last.fm's tags; MusicBrainz's when nil.
        public var lastfmTags: [Tag]?
        /// MBIDs of artists merged into this one: a lookup finds them, a search does not.
        public var mergedMBIDs: [String]

        public init(name: String, mbid: String, disambiguation: String = "", tags: [Tag] = [],
                    releaseGroups: [ReleaseGroup] = [], similar: [Similar] = [], lastfmTags: [Tag]? = nil,
                    mergedMBIDs: [String] = []) {
            self.name = name
            self.mbid = mbid
            self.disambiguation = disambiguation
            self.tags = tags
            self.releaseGroups = releaseGroups
            self.similar = similar
            self.lastfmTags = lastfmTags
            self.mergedMBIDs = mergedMBIDs
        }
    }

    public struct Listen: Sendable {
        public var listenedAt: Int
        public var artist: String
        public var title: String
        public var album: String
        public var recordingMBID: String

        public init(listenedAt: Int, artist: String, title: String, album: String = "", recordingMBID: String = "") {
            self.listenedAt = listenedAt
            self.artist = artist
            self.title = title
            self.album = album
            self.recordingMBID = recordingMBID
        }
    }

    public var artists: [Artist]
    /// Listens by user name, for both Last.fm and ListenBrainz.
    public var listens: [String: [Listen]]

    public init(artists: [Artist] = [], listens: [String: [Listen]] = [:]) {
        self.artists = artists
        self.listens = listens
    }

    /// A few genres, chosen from `seed` so that every run builds the same library.
    public static func tags(seed: String) -> [Tag] {
        let pool = ["rock", "indie rock", "electronic", "jazz", "hip hop", "folk", "ambient", "techno",
                    "soul", "punk", "synth-pop", "metal", "blues", "house", "pop", "shoegaze", "seen live"]
        var hash: UInt64 = 1_469_598_103_934_665_603
        for byte in seed.utf8 { hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211 }
        var tags: [Tag] = []
        for index in 0..<3 {
            let name = pool[Int((hash >> (UInt64(index) * 8)) % UInt64(pool.count))]
            if !tags.contains(where: { $0.name == name }) { tags.append(Tag(name, 10 - index * 3)) }
        }
        return tags
    }
}
