/// The raw feature vectors and tempo/key columns of the tracks to index, laid out by the
/// scan that fingerprints the features, so a rebuild does not read them a second time (2 s
/// at 200,000 tracks). Row `r` holds the `r`-th track to index; the matrices have room for
/// every present track until `trim`. A rebuild takes them as its own and normalizes `raw`
/// in place: it is the sound matrix searched, not a copy.
struct ScannedVectors: Sendable {
    private(set) var raw: Matrix
    private(set) var tempoKey: Matrix
    /// Rows with usable features, ascending.
    private(set) var featureRows: [Int] = []
    /// Rows filled so far: the tracks to index met by the scan.
    private(set) var count = 0

    init(tracks: Int, dimension: Int) {
        raw = Matrix(rows: tracks, minimumCols: max(1, dimension))
        tempoKey = Matrix(rows: tracks, minimumCols: TempoKeyColumns.count)
    }

    /// Appends a track to index, with its features when they are usable.
    mutating func append(_ features: IndexInputs.Features?) {
        if let features {
            let target = raw.row(count)
            for (col, value) in features.vector.enumerated() { target[col] = value }
            TempoKeyColumns.write(bpm: features.bpm, key: CamelotKey(key: features.key, mode: features.mode),
                                  into: tempoKey, row: count)
            featureRows.append(count)
        }
        count += 1
    }

    /// Cuts the matrices to the rows filled (nothing to do when every present track is indexed).
    mutating func trim() {
        guard raw.rows != count else { return }
        raw = raw.prefix(rows: count)
        tempoKey = tempoKey.prefix(rows: count)
    }
}
