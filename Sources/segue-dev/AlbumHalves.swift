/// A library's albums cut into two halves of about the same number of tracks: settings are
/// chosen on the tune half and judged on the held-out half, so a figure that only fits the
/// albums it was tuned on shows as a gap between the two.
///
/// Albums are taken largest first (ties by title) and dealt in snake order (tune, held-out,
/// held-out, tune, tune, …), so the split depends only on the albums' sizes and titles.
struct AlbumHalves {
    let tune: Set<String>
    let heldOut: Set<String>

    init(trackAlbums: some Sequence<String>) {
        var sizes: [String: Int] = [:]
        for album in trackAlbums { sizes[album, default: 0] += 1 }
        let ordered = sizes.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
        var tune = Set<String>(), heldOut = Set<String>()
        for (position, album) in ordered.enumerated() {
            if position % 4 == 0 || position % 4 == 3 { tune.insert(album) } else { heldOut.insert(album) }
        }
        self.tune = tune
        self.heldOut = heldOut
    }
}
