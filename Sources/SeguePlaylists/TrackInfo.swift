import SegueCore

/// What playlist rules look at for one library track.
public struct TrackInfo: Sendable, Equatable {
    public var id: Int64
    public var path: String
    public var title: String
    public var artist: String
    public var album: String
    public var durationSeconds: Double?
    public var bpm: Double?
    /// `A minor`, when analysed.
    public var key: String?
    public var loudness: Double?
    /// Track genres, else its album's, else its artist's, strongest first.
    public var genres: [String]
    /// Times listened to in the history.
    public var plays: Int
    /// `MatchKey` of the primary artist: "The Beatles feat. X" counts as "beatles".
    public let artistKey: String
    /// `MatchKey`s of every credited artist (`track_artists`), the primary one first: artist
    /// caps, spacing and seeds count "A feat. B" as both A and B.
    public let artistKeys: [String]

    public init(id: Int64, path: String, title: String, artist: String, album: String, durationSeconds: Double? = nil,
                bpm: Double? = nil, key: String? = nil, loudness: Double? = nil, genres: [String] = [], plays: Int = 0,
                artistKey: String? = nil, creditedKeys: [String] = []) {
        self.id = id
        self.path = path
        self.title = title
        self.artist = artist
        self.album = album
        self.durationSeconds = durationSeconds
        self.bpm = bpm
        self.key = key
        self.loudness = loudness
        self.genres = genres
        self.plays = plays
        let primary = artistKey ?? Self.artistKey(artist)
        self.artistKey = primary
        var keys = [primary]
        for key in creditedKeys where !key.isEmpty && !keys.contains(key) { keys.append(key) }
        artistKeys = keys
    }

    /// The key `artistKey` holds for an artist credit; a catalog computes it once per credit.
    public static func artistKey(_ artist: String) -> String {
        MatchKey.make(ArtistCredit(artist).primary())
    }

    /// The album within its artist; empty when the track has no album.
    public var albumKey: String {
        album.isEmpty ? "" : artistKey + "\u{1F}" + MatchKey.make(album)
    }
}
