/// Points along the way from one track to another, for playlists that travel between them.
extension SimilarityIndex {
    /// For each of the `steps - 2` points evenly spaced on the line from `from` to `to` in the
    /// index space (sound and genre parts each interpolated and renormalized), the `perStep`
    /// tracks that fit it best, best first, scored as the index scores neighbours (without the
    /// artist boost). `from` and `to` themselves are left out. Empty when either is unknown.
    public func waypoints(from: Int64, to: Int64, steps: Int, perStep: Int) -> [[Neighbour]] {
        guard steps > 2, perStep > 0, let start = row(of: from), let end = row(of: to), let space = space() else { return [] }
        let a = space.probe(start), b = space.probe(end)
        let probes = (1..<(steps - 1)).map { step in
            let t = Float(step) / Float(steps - 1)
            return QuerySpace.Probe(sonic: Self.between(a.sonic, b.sonic, t), genre: Self.between(a.genre, b.genre, t))
        }
        var scores = [[Float]](repeating: [Float](repeating: -.infinity, count: space.count), count: probes.count)
        space.forEachRow(against: probes) { row, sonic, genre in
            guard row != start, row != end else { return }
            for probe in probes.indices {
                scores[probe][row] = model.score(sonicCosine: sonic[probe].isNaN ? nil : sonic[probe],
                                                 genreCosine: genre[probe].isNaN ? nil : genre[probe], match: 0)
            }
        }
        return zip(probes, scores).map { probe, row in
            var selector = TopSelector(k: perStep)
            let best = row.withUnsafeBufferPointer { selector.select($0.baseAddress!, count: $0.count) }
            return best.map { candidate in
                let other = space.probe(Int(candidate.index))
                var breakdown = model.breakdown(sonicCosine: QuerySpace.cosine(probe.sonic, other.sonic),
                                                genreCosine: QuerySpace.cosine(probe.genre, other.genre), match: 0)
                breakdown.score = Double(candidate.score)
                return Neighbour(trackID: trackIDs[Int(candidate.index)], breakdown: breakdown)
            }
        }
    }

    /// The unit vector a fraction `t` of the way from `a` to `b`; one side alone when the other is missing.
    private static func between(_ a: [Float]?, _ b: [Float]?, _ t: Float) -> [Float]? {
        guard let a, let b else { return a ?? b }
        let mixed = zip(a, b).map { (1 - t) * $0 + t * $1 }
        let norm = mixed.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? mixed.map { $0 / norm } : nil
    }
}
