import Foundation

/// The library map: every analysed track in the PCA plane, coloured by top genre, with each
/// playlist's journey drawn over it.
///
/// Up to `pointLimit` tracks are drawn as points with their name on hover; above it they are
/// aggregated into hexagons coloured by their dominant genre and shaded by count, so a
/// 30,000-track library stays a few hundred kilobytes. The base layer has an id and each
/// playlist's miniature reuses it with `<use>` instead of drawing it again.
struct LibraryMapSVG {
    static let pointLimit = 3_000
    static let hexRadius = 8.0
    /// Room around a journey in its miniature.
    static let zoomMargin = 30.0
    /// The smallest part of the map a playlist's miniature shows, so it keeps some context.
    static let minimumZoomShare = 0.4
    static let baseID = "map-base"
    /// Opacity levels of the density layer; few levels keep the markup grouped and small.
    static let shades = [0.35, 0.55, 0.75, 0.95]

    let map: MapData
    /// Pixel positions by track id, for the points and the journeys.
    let pixels: [Int64: (x: Double, y: Double)]

    init(map: MapData) {
        self.map = map
        let frame = MapFrame(points: map.points)
        var pixels: [Int64: (x: Double, y: Double)] = [:]
        for point in map.points { pixels[point.trackID] = frame.pixel(x: point.x, y: point.y) }
        self.pixels = pixels
    }

    var isAggregated: Bool { map.points.count > Self.pointLimit }

    /// The full map with every playlist's journey.
    func svg(playlists: [PlaylistData]) -> String {
        var svg = open(class: "map", label: "Map of the library's sonic space")
        svg += baseLayer()
        for (index, playlist) in playlists.enumerated() {
            svg += journey(playlist, colour: Palette.playlist(index), number: index + 1)
        }
        return svg + "</svg>"
    }

    /// A small map of one playlist's journey over the shared base layer, zoomed on the
    /// neighbourhood the journey crosses.
    func miniature(_ playlist: PlaylistData, colour: String, number: Int) -> String {
        open(class: "minimap", label: "Journey of \(playlist.name) through the library map", viewBox: zoom(on: playlist))
            + "<use href=\"#\(Self.baseID)\"/>" + journey(playlist, colour: colour, number: number) + "</svg>"
    }

    /// The journey's bounding box with a margin, at the map's aspect ratio, no smaller than
    /// `minimumZoomShare` of the map, kept inside it.
    private func zoom(on playlist: PlaylistData) -> (x: Double, y: Double, width: Double, height: Double) {
        let stops = playlist.entries.compactMap { pixels[$0.trackID] }
        let full = (x: 0.0, y: 0.0, width: MapFrame.width, height: MapFrame.height)
        guard let minX = stops.map(\.x).min(), let maxX = stops.map(\.x).max(),
              let minY = stops.map(\.y).min(), let maxY = stops.map(\.y).max() else { return full }
        let aspect = MapFrame.width / MapFrame.height
        var width = max(maxX - minX + 2 * Self.zoomMargin, MapFrame.width * Self.minimumZoomShare)
        var height = max(maxY - minY + 2 * Self.zoomMargin, width / aspect)
        width = min(MapFrame.width, max(width, height * aspect))
        height = min(MapFrame.height, width / aspect)
        let x = min(max((minX + maxX) / 2 - width / 2, 0), MapFrame.width - width)
        let y = min(max((minY + maxY) / 2 - height / 2, 0), MapFrame.height - height)
        return (x, y, width, height)
    }

    private func open(class name: String, label: String,
                      viewBox: (x: Double, y: Double, width: Double, height: Double) = (0, 0, MapFrame.width, MapFrame.height)) -> String {
        let box = [viewBox.x, viewBox.y, viewBox.width, viewBox.height].map(Markup.coordinate).joined(separator: " ")
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"\(name)\" viewBox=\"\(box)\""
            + " role=\"img\" aria-label=\"\(Markup.escape(label))\">"
    }

    private func baseLayer() -> String {
        var svg = "<g id=\"\(Self.baseID)\"><rect class=\"map-bg\" width=\"\(Int(MapFrame.width))\" height=\"\(Int(MapFrame.height))\" rx=\"6\"/>"
        svg += isAggregated ? densityLayer() : pointLayer()
        return svg + "</g>"
    }

    private func pointLayer() -> String {
        // Grey first, so coloured genres are drawn on top.
        let groups = Dictionary(grouping: map.points) { Palette.genre($0.genreIndex, hasGenre: $0.hasGenre) }
        let order = [Palette.noGenre, Palette.otherGenre] + Palette.genres.reversed()
        var svg = ""
        for colour in order {
            guard let points = groups[colour] else { continue }
            svg += "<g class=\"pts\" fill=\"\(colour)\">"
            for point in points {
                let (x, y) = pixels[point.trackID] ?? (0, 0)
                svg += "<circle cx=\"\(Markup.coordinate(x))\" cy=\"\(Markup.coordinate(y))\"><title>\(Markup.escape(point.label))</title></circle>"
            }
            svg += "</g>"
        }
        return svg
    }

    private func densityLayer() -> String {
        let keyed = map.points.map { point -> (x: Double, y: Double, key: Int) in
            let (x, y) = pixels[point.trackID] ?? (0, 0)
            let key = point.genreIndex ?? (point.hasGenre ? HexDensity.otherGenreKey : HexDensity.noGenreKey)
            return (x, y, key)
        }
        let density = HexDensity(pixels: keyed, radius: Self.hexRadius)
        let logMax = log(Double(max(density.maxCount, 1)) + 1)
        var groups: [String: [String]] = [:]
        for bin in density.bins {
            let (key, share) = bin.dominant
            let shade = Self.shades[min(Self.shades.count - 1, Int(log(Double(bin.count) + 1) / logMax * Double(Self.shades.count - 1) + 0.5))]
            let colour = Palette.genre(key >= 0 ? key : nil, hasGenre: key != HexDensity.noGenreKey)
            let (x, y) = density.centre(of: bin)
            let name = key >= 0 ? map.genres[key] : (key == HexDensity.otherGenreKey ? "other genres" : "no genre")
            let title = "\(bin.count) track\(bin.count == 1 ? "" : "s"), \(Markup.percent(Int(share * 1000), of: 1000)) \(name)"
            groups["\(colour)|\(shade)", default: []].append(
                "<path d=\"M\(Markup.coordinate(x)) \(Markup.coordinate(y - Self.hexRadius))\(Self.hexOutline)\"><title>\(Markup.escape(title))</title></path>")
        }
        return groups.keys.sorted().map { group in
            let parts = group.split(separator: "|")
            return "<g fill=\"\(parts[0])\" fill-opacity=\"\(parts[1])\">" + groups[group]!.joined() + "</g>"
        }.joined()
    }

    /// The rest of a pointy-top hexagon from its top vertex, a hair smaller than its cell.
    private static let hexOutline: String = {
        let r = hexRadius - 0.4
        let w = Markup.coordinate(r * 3.0.squareRoot() / 2)
        let h = Markup.coordinate(r / 2), side = Markup.coordinate(r)
        return "l\(w) \(h)v\(side)l-\(w) \(h)-\(w)-\(h)v-\(side)z"
    }()

    /// `number` names the journey (class `j<number>`) so the legend can single it out.
    private func journey(_ playlist: PlaylistData, colour: String, number: Int) -> String {
        let stops = playlist.entries.enumerated().compactMap { number, entry in
            pixels[entry.trackID].map { (number: number + 1, entry: entry, pixel: $0) }
        }
        guard !stops.isEmpty else { return "" }
        let points = stops.map { "\(Markup.coordinate($0.pixel.x)),\(Markup.coordinate($0.pixel.y))" }.joined(separator: " ")
        var svg = "<g class=\"journey j\(number)\" stroke=\"\(colour)\"><title>\(Markup.escape(playlist.name))</title>"
        svg += "<polyline class=\"halo\" points=\"\(points)\"/><polyline points=\"\(points)\"/>"
        for stop in stops {
            let kind = stop.entry.isSeed ? "seed" : (stop.number == 1 ? "start" : "stop")
            svg += "<circle class=\"\(kind)\" cx=\"\(Markup.coordinate(stop.pixel.x))\" cy=\"\(Markup.coordinate(stop.pixel.y))\""
                + " fill=\"\(stop.entry.isSeed ? "#fff" : colour)\"><title>"
                + Markup.escape("\(stop.number). \(stop.entry.artist) – \(stop.entry.title)\(stop.entry.isSeed ? " (seed)" : "")")
                + "</title></circle>"
        }
        return svg + "</g>"
    }
}
