/// The report's colours: one per top genre (Tableau 10 with cyan instead of its grey, so
/// grey can mean "other"), and darker ones for the playlist paths drawn over the points.
enum Palette {
    static let genres = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
                         "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#17becf"]
    static let otherGenre = "#b5b5b5"
    static let noGenre = "#dedede"
    static let playlists = ["#1b2a49", "#b5179e", "#2a7f3f", "#c2410c", "#5b21b6",
                            "#0e7490", "#9f1239", "#4d7c0f", "#7c2d12", "#1d4ed8"]

    static func genre(_ index: Int?, hasGenre: Bool) -> String {
        guard let index else { return hasGenre ? otherGenre : noGenre }
        return index < genres.count ? genres[index] : otherGenre
    }

    static func playlist(_ index: Int) -> String {
        playlists[index % playlists.count]
    }
}
