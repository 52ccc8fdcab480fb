import Foundation

/// How smoothly one track can follow another: the sound where the first ends against the
/// sound where the second begins, their tempi, and their keys.
struct TransitionModel: Sendable, Equatable {
    var timbreWeight: Double
    var tempoWeight: Double
    var keyWeight: Double

    /// A tempo change of this fraction costs about 40 % of the tempo score (one deviation of a Gaussian).
    static let tempoTolerance = 0.06
    /// The score of a part that cannot be judged (unknown tempo or key).
    static let unknown = 0.5

    /// Tempo compatibility in 0...1; a double or half tempo counts as the same pulse.
    static func tempo(_ a: Double?, _ b: Double?) -> Double {
        guard let a, let b, a > 0, b > 0 else { return unknown }
        let ratio = log(b / a)
        let distance = min(abs(ratio), abs(ratio + log(2)), abs(ratio - log(2)))
        return exp(-0.5 * (distance / tempoTolerance) * (distance / tempoTolerance))
    }

    static func key(_ a: CamelotKey?, _ b: CamelotKey?) -> Double {
        guard let a, let b else { return unknown }
        return a.compatibility(with: b)
    }

    /// `endCosine`: cosine of the end of the first track with the beginning of the second.
    func transition(endCosine: Float, bpm: (Double?, Double?), keys: (CamelotKey?, CamelotKey?)) -> Transition {
        let timbre = ScoreModel.sonic(cosine: endCosine)
        let tempo = Self.tempo(bpm.0, bpm.1)
        let key = Self.key(keys.0, keys.1)
        let total = timbreWeight + tempoWeight + keyWeight
        let score = total > 0 ? (timbreWeight * timbre + tempoWeight * tempo + keyWeight * key) / total : 0
        return Transition(score: score, timbre: timbre, tempo: tempo, key: key)
    }
}
