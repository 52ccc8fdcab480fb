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
    /// Every credited artist with its MusicBrainz id, the primary artist first (`track_artists`).
    let credited: [(name: String, mbid: String?)]

    init(tags: TrackTags) {
        albumArtist = tags.albumArtist ?? (tags.compilation ? Self.variousArtists : tags.artist ?? "")
        isVariousArtists = MatchKey.make(albumArtist) == MatchKey.make(Self.variousArtists)
        // An album artist tag names a known artist: "Simon & Garfunkel" stays whole.
        let known: Set<String> = tags.albumArtist.map { [MatchKey.make($0)] } ?? []
        primary = Self.primaryArtist(tags, known: known)
        albumArtistPrimary = ArtistCredit(albumArtist).primary(knownArtistKeys: known)
        credited = Self.creditedArtists(tags, primary: primary)
    }

    /// The artists a credit names, only as far as the tags say so: `ARTISTS` lists them (their
    /// ids paired by position when `MUSICBRAINZ_ARTISTID` has as many), or one id per artist
    /// the credit's separators give. Otherwise the credit is the primary artist alone, so
    /// "Earth, Wind & Fire" is never taken apart on a guess.
    private static func creditedArtists(_ tags: TrackTags, primary: String?) -> [(name: String, mbid: String?)] {
        let ids = tags.mbArtistIDs
        if !tags.artists.isEmpty {
            return tags.artists.enumerated().map { ($1, ids.count == tags.artists.count ? ids[$0] : nil) }
        }
        if ids.count > 1, let artist = tags.artist {
            let names = ArtistCredit(artist).allArtists
            if names.count == ids.count { return Array(zip(names, ids.map(Optional.some))) }
        }
        guard let primary else { return [] }
        return [(primary, ids.count == 1 ? ids[0] : nil)]
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
