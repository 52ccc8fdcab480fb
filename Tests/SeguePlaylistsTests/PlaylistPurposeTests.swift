import SegueCore
@testable import SeguePlaylists
import Testing

/// The comment players show beside a playlist moves only when the playlist's purpose does:
/// another night's tracks, order or drawn seeds, even a night without any track of a seed
/// artist, leave it as it was, so it is not sent again.
struct PlaylistPurposeTests {
    static func track(_ id: Int64, _ artist: String) -> TrackInfo {
        TrackInfo(id: id, path: "/music/\(id).flac", title: "Song \(id)", artist: artist, album: "Album")
    }

    static func result(_ spec: PlaylistSpec, _ tracks: [(TrackInfo, Bool)]) -> PlaylistResult {
        PlaylistResult(spec: spec, seed: 1, entries: tracks.map { PlaylistEntry(track: $0.0, reason: $0.1 ? .seed : .neighbour(nil), transition: nil) },
                       relaxations: [], spacingConflicts: 0, rejected: [:], rulesPassed: [])
    }

    static let keys: Set<String> = [TrackInfo.artistKey("Radiohead"), TrackInfo.artistKey("Portishead")]

    @Test func anotherNightKeepsTheComment() {
        let spec = PlaylistSpec(name: "Evening", kind: .defined, seeds: [1, 2], seedArtistKeys: Self.keys,
                                seedArtistNames: ["Radiohead", "Portishead"], rules: .standard)
        let tonight = Self.result(spec, [(Self.track(1, "Radiohead"), true), (Self.track(5, "Massive Attack"), false),
                                         (Self.track(2, "Portishead"), true)])
        // Tomorrow: other seeds drawn, in another order, and a seed artist's only track, under
        // another credit, a neighbour.
        let tomorrow = Self.result(spec, [(Self.track(3, "Portishead"), true), (Self.track(6, "Tricky"), false),
                                          (Self.track(4, "Radiohead feat. Thom"), false)])
        // The night after: no track of either seed artist at all (another playlist took them,
        // one playlist per track a night).
        let after = Self.result(spec, [(Self.track(6, "Tricky"), false), (Self.track(5, "Massive Attack"), false)])
        let comment = PlaylistPurpose.comment(tonight)
        #expect(comment == "Segue: grown from Portishead and Radiohead, ordered for smooth transitions")
        #expect(PlaylistPurpose.comment(tomorrow) == comment)
        #expect(PlaylistPurpose.comment(after) == comment)
        #expect(!comment.contains(/\d{4}-\d{2}-\d{2}/))

        let otherSeeds = PlaylistSpec(name: "Evening", kind: .defined, seeds: [5], seedArtistKeys: [TrackInfo.artistKey("Massive Attack")],
                                      seedArtistNames: ["Massive Attack"], rules: .standard)
        #expect(PlaylistPurpose.comment(Self.result(otherSeeds, [(Self.track(5, "Massive Attack"), true)]))
            == "Segue: grown from Massive Attack, ordered for smooth transitions")
    }

    @Test func aGenrePlaylistNamesTheGenreNotTheArtistsDrawn() {
        let spec = PlaylistSpec(name: "Jazz", kind: .defined, seeds: [7, 8], seedGenres: ["Jazz"], rules: .standard)
        for artists in [["Miles Davis", "Nina Simone"], ["Chet Baker", "Bill Evans"]] {
            let result = Self.result(spec, [(Self.track(7, artists[0]), true), (Self.track(8, artists[1]), true)])
            #expect(PlaylistPurpose.comment(result) == "Segue: grown from Jazz, ordered for smooth transitions")
        }
    }
}
