/// Orders a playlist's tracks so each flows into the next.
///
/// The objective is the sum of transition scores along the path, with every broken spacing
/// rule (an artist twice within `artistWindow` tracks, an album twice within `albumSpacing`)
/// costing far more than any transition can gain. A beam search builds the path from the
/// first track, the better of it and the greedy nearest-neighbour chain is kept, and then
/// segment exchanges (two adjacent runs swap places; or-opt is the case of a short run) and
/// 2-opt moves (a run reversed) are applied while they improve it (Lin 1965; Or 1976). Scores are directional (the end of one
/// track against the start of the next), so 2-opt's reversed run is re-scored edge by edge.
public struct TransitionOrderer: Sendable {
    /// Scores, row = from, column = to.
    let scores: [Double]
    let count: Int
    /// Each track's credited artists.
    let artists: [[Int]]
    let albums: [Int?]
    let artistWindow: Int
    let albumSpacing: Int
    public var beamWidth = 12
    /// Bounds the local search on long playlists: full path evaluations allowed.
    public var evaluationBudget = 300_000

    static let violationCost = 1000.0

    /// - Parameters:
    ///   - scores: `count × count` transition scores, row-major (from, to).
    ///   - artists: per track, its credited artists; two tracks sharing one are by the same artist.
    ///   - albums: per track, equal values mean the same album (nil: none).
    public init(scores: [Double], count: Int, artists: [[Int]], albums: [Int?], artistWindow: Int, albumSpacing: Int) {
        precondition(scores.count == count * count && artists.count == count && albums.count == count)
        self.scores = scores
        self.count = count
        self.artists = artists
        self.albums = albums
        self.artistWindow = artistWindow
        self.albumSpacing = albumSpacing
    }

    /// The best order found, starting with `first` when given.
    public func order(first: Int?) -> [Int] {
        guard count > 2 else { return startingWith(first, Array(0..<count)) }
        let beam = beamPath(first: first)
        let greedy = greedyPath(first: first ?? beam[0])
        var best = objective(beam) >= objective(greedy) ? beam : greedy
        improve(&best, fixedFirst: true)
        return best
    }

    /// The nearest-neighbour chain: always the best next transition that breaks no spacing rule.
    public func greedyPath(first: Int) -> [Int] {
        var path = [first]
        var used = [Bool](repeating: false, count: count)
        used[first] = true
        while path.count < count {
            var best = -1
            var bestValue = -Double.infinity
            for next in 0..<count where !used[next] {
                let value = scores[path[path.count - 1] * count + next] - Self.violationCost * Double(violations(adding: next, to: path))
                if value > bestValue { best = next; bestValue = value }
            }
            path.append(best)
            used[best] = true
        }
        return path
    }

    /// Sum of transition scores minus the cost of broken spacing rules.
    public func objective(_ path: [Int]) -> Double {
        var total = 0.0
        for position in 1..<max(1, path.count) {
            total += scores[path[position - 1] * count + path[position]]
        }
        return total - Self.violationCost * Double(violations(path))
    }

    /// Spacing rules broken along the path.
    public func violations(_ path: [Int]) -> Int {
        var broken = 0
        for end in path.indices {
            broken += violations(adding: path[end], to: path[..<end])
        }
        return broken
    }

    private func violations(adding track: Int, to path: some RandomAccessCollection<Int>) -> Int {
        var broken = 0
        var distance = 1
        var position = path.index(before: path.endIndex)
        let reach = max(artistWindow - 1, albumSpacing - 1)
        while distance <= reach, position >= path.startIndex {
            let other = path[position]
            if distance < artistWindow, Self.share(artists[other], artists[track]) { broken += 1 }
            if distance < albumSpacing, let album = albums[track], albums[other] == album { broken += 1 }
            distance += 1
            position = path.index(before: position)
        }
        return broken
    }

    /// Whether two short lists of artists have one in common.
    private static func share(_ a: [Int], _ b: [Int]) -> Bool {
        a.contains(where: b.contains)
    }

    private struct BeamState {
        var path: [Int]
        var used: [Bool]
        var value: Double
    }

    private func beamPath(first: Int?) -> [Int] {
        let starts = first.map { [$0] } ?? Array(0..<count)
        var beam = starts.prefix(beamWidth).map { start in
            var used = [Bool](repeating: false, count: count)
            used[start] = true
            return BeamState(path: [start], used: used, value: 0)
        }
        while beam[0].path.count < count {
            var expansions: [(state: Int, next: Int, value: Double)] = []
            for (index, state) in beam.enumerated() {
                let last = state.path[state.path.count - 1]
                for next in 0..<count where !state.used[next] {
                    let value = state.value + scores[last * count + next]
                        - Self.violationCost * Double(violations(adding: next, to: state.path))
                    expansions.append((index, next, value))
                }
            }
            // Ties go to the lower indices, so the search is deterministic.
            expansions.sort { ($0.value, -$0.state, -$0.next) > ($1.value, -$1.state, -$1.next) }
            beam = expansions.prefix(beamWidth).map { expansion in
                var state = beam[expansion.state]
                state.path.append(expansion.next)
                state.used[expansion.next] = true
                state.value = expansion.value
                return state
            }
        }
        return beam[0].path
    }

    /// First-improvement local search until no move helps: segment exchanges (two adjacent
    /// runs swap places, which includes or-opt's single moved run) and 2-opt reversals. A move
    /// is re-scored in full only when its change in transition score could make it better.
    func improve(_ path: inout [Int], fixedFirst: Bool) {
        let start = fixedFirst ? 1 : 0
        var value = objective(path)
        var clean = violations(path) == 0
        var budget = evaluationBudget
        var improved = true
        func edge(_ a: Int, _ b: Int) -> Double { scores[path[a] * count + path[b]] }
        func consider(_ candidate: [Int]) -> Bool {
            budget -= 1
            let candidateValue = objective(candidate)
            guard candidateValue > value + 1e-9 else { return false }
            path = candidate
            value = candidateValue
            clean = violations(path) == 0
            improved = true
            return true
        }
        while improved, budget > 0 {
            improved = false
            // Runs path[i..<j] and path[j..<k] swap places.
            exchange: for i in start..<count where budget > 0 {
                for j in (i + 1)..<count {
                    for k in (j + 1)...count {
                        var delta = -edge(j - 1, j)
                        if i > 0 { delta += edge(i - 1, j) - edge(i - 1, i) }
                        if k < count { delta += edge(j - 1, k) - edge(k - 1, k) }
                        delta += edge(k - 1, i)
                        guard delta > 1e-9 || !clean else { continue }
                        let candidate = Array(path[..<i]) + Array(path[j..<k]) + Array(path[i..<j]) + Array(path[k...])
                        if consider(candidate) { break exchange }
                    }
                }
            }
            for low in start..<(count - 1) where budget > 0 {
                for high in (low + 1)..<count {
                    var delta = 0.0
                    if low > 0 { delta += edge(low - 1, high) - edge(low - 1, low) }
                    if high + 1 < count { delta += edge(low, high + 1) - edge(high, high + 1) }
                    for position in low..<high { delta += edge(position + 1, position) - edge(position, position + 1) }
                    guard delta > 1e-9 || !clean else { continue }
                    var candidate = path
                    candidate[low...high].reverse()
                    _ = consider(candidate)
                }
            }
        }
    }

    private func startingWith(_ first: Int?, _ path: [Int]) -> [Int] {
        guard let first, let position = path.firstIndex(of: first) else { return path }
        var reordered = path
        reordered.swapAt(0, position)
        return reordered
    }
}
