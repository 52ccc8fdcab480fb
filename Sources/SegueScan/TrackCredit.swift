import SegueAudio

/// Who a track is filed under: its primary artist (`tracks.artist_id`) and its album's
/// artist, from the artist credit and what else the tags say.
struct TrackCredit {
    static let variousArtists = "Various Artists"

    /// The primary artist's name; nil when the file names no artist.
    let primary: String?
    /// The album artist as the album row names it ("Various Artists" on compilations).
    let albumArtist: String
    /// The artist an album row belongs to (the album artist credit's primary artist).
    let albumArtistPrimary: String
    let isVariousArtists: Bool

    init(tags: TrackTags) {
        primary = Self.primaryArtist(tags)
        let albumCredit = tags.albumArtist ?? (tags.compilation ? Self.variousArtists : primary ?? "")
        albumArtist = albumCredit
        isVariousArtists = tags.compilation && tags.albumArtist == nil || Self.matchKey(albumCredit) == Self.matchKey(Self.variousArtists)
        albumArtistPrimary = albumCredit
    }

    /// `ARTISTS` names the credited artists one by one: the first is the primary one.
    /// Otherwise a single MusicBrainz artist id says the main credit is one artist
    /// ("Simon & Garfunkel"); without either, the credit is split.
    private static func primaryArtist(_ tags: TrackTags) -> String? {
        if let first = tags.artists.first { return first }
        return tags.artist
    }

    static func matchKey(_ name: String) -> String {
        name.lowercased()
    }
}
