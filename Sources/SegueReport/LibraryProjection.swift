/// Turns the analysed tracks into the map's points: PCA coordinates and genre colours.
enum LibraryProjection {
    static let colouredGenres = Palette.genres.count

    static func map(of tracks: [MapQueries.AnalysedTrack]) -> MapData {
        // Vectors of an older feature version may have another length until analyze
        // catches up; the map shows the current (most common) layout only.
        let lengths = Dictionary(grouping: tracks.map(\.vector.count), by: { $0 }).mapValues(\.count)
        guard let length = lengths.filter({ $0.key > 0 }).max(by: { ($0.value, $1.key) < ($1.value, $0.key) })?.key else {
            return MapData(points: [], genres: [], explainedVariance: [])
        }
        // A corrupt blob (NaN, infinity) would poison the mean of every dimension.
        let mapped = tracks.filter { $0.vector.count == length && $0.vector.allSatisfy(\.isFinite) }
        let components = PrincipalComponents(fitting: mapped.map(\.vector))

        let genreCounts = Dictionary(grouping: mapped.compactMap(\.topGenre), by: { $0 }).mapValues(\.count)
        let genres = genreCounts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(colouredGenres).map(\.key)
        let genreIndex = Dictionary(uniqueKeysWithValues: genres.enumerated().map { ($1, $0) })

        let points = mapped.map { track in
            let coordinates = components.project(track.vector)
            return MapData.Point(trackID: track.id, x: coordinates.first ?? 0, y: coordinates.dropFirst().first ?? 0,
                                 genreIndex: track.topGenre.flatMap { genreIndex[$0] }, hasGenre: track.topGenre != nil,
                                 label: track.label)
        }
        return MapData(points: points, genres: genres, explainedVariance: components.explainedVariance)
    }
}
