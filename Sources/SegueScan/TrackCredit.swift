import SegueAudio
import SegueCore

/// Who a track is filed under: its primary artist (`tracks.artist_id`) and its album's
/// artist, from the artist credit and what else the tags say.
struct TrackCredit {
    static let variousArtists = "Various Artists"

    /// The primary artist's name; nil when the file names no artist.
    let primary: String?
    /// The album artist as the album row names it ("Various Artists" on compilations).
    let albumArtist: String
    /// The artist an album row belongs to: the album artist credit's primary artist.
    let albumArtistPrimary: String
    let isVariousArtists: Bool

    init(tags: TrackTags) {
        albumArtist = tags.albumArtist ?? (tags.compilation ? Self.variousArtists : tags.artist ?? "")
        isVariousArtists = MatchKey.make(albumArtist) == MatchKey.make(Self.variousArtists)
        // An album artist tag names a known artist: "Simon & Garfunkel" stays whole.
        let known: Set<String> = tags.albumArtist.map { [MatchKey.make($0)] } ?? []
        primary = Self.primaryArtist(tags, known: known)
        albumArtistPrimary = ArtistCredit(albumArtist).primary(knownArtistKeys: known)
    }

    /// `ARTISTS` names the credited artists one by one: the first is the primary one. A
    /// single MusicBrainz artist id says the main credit is one artist, whatever its "&".
    /// Otherwise the credit is split ("A feat. B", "A & B", "A x B").
    private static func primaryArtist(_ tags: TrackTags, known: Set<String>) -> String? {
        if let first = tags.artists.first { return first }
        guard let artist = tags.artist else { return nil }
        let credit = ArtistCredit(artist)
        if tags.mbArtistIDs.count == 1, !credit.main.isEmpty { return credit.main }
        return credit.primary(knownArtistKeys: known)
    }
}
